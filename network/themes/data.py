"""The seeded taxonomy: thematic working groups and cross-cutting themes, named in en/es/fr."""

# (slug, English, Spanish, French)
WORKING_GROUP_THEMES = [
    (
        "data-migration-remittances",
        "Data on migration and remittances",
        "Datos sobre migración y remesas",
        "Données sur les migrations et les envois de fonds",
    ),
    (
        "labor-migration",
        "Labor migration, high- and low-skilled",
        "Migración laboral, calificada y poco calificada",
        "Migration de main-d'œuvre, qualifiée et peu qualifiée",
    ),
    (
        "integration-host-communities",
        "Integration in host communities",
        "Integración en las comunidades de acogida",
        "Intégration dans les communautés d'accueil",
    ),
    (
        "policy-institutional-coherence",
        "Policy and institutional coherence",
        "Coherencia política e institucional",
        "Cohérence des politiques et des institutions",
    ),
    (
        "migration-security-development",
        "Migration, security and development",
        "Migración, seguridad y desarrollo",
        "Migration, sécurité et développement",
    ),
    (
        "migrant-rights-social-aspects",
        "Migrant rights and social aspects",
        "Derechos de las personas migrantes y aspectos sociales",
        "Droits des migrants et aspects sociaux",
    ),
    (
        "demography-migration",
        "Demography and migration",
        "Demografía y migración",
        "Démographie et migration",
    ),
    ("remittances", "Remittances", "Remesas", "Envois de fonds"),
    (
        "diaspora-resources",
        "Diaspora resources",
        "Recursos de la diáspora",
        "Ressources de la diaspora",
    ),
    (
        "environmental-change-migration",
        "Environmental change and migration",
        "Cambio ambiental y migración",
        "Changements environnementaux et migration",
    ),
    (
        "internal-migration-urbanization",
        "Internal migration and urbanization",
        "Migración interna y urbanización",
        "Migration interne et urbanisation",
    ),
    ("forced-displacement", "Forced displacement", "Desplazamiento forzado", "Déplacement forcé"),
]

CROSS_CUTTING_THEMES = [
    ("gender", "Gender", "Género", "Genre"),
    (
        "monitoring-evaluation",
        "Monitoring and evaluation",
        "Seguimiento y evaluación",
        "Suivi et évaluation",
    ),
    (
        "capacity-building-local-authorities",
        "Capacity building and local authorities",
        "Fortalecimiento de capacidades y autoridades locales",
        "Renforcement des capacités et autorités locales",
    ),
    (
        "public-perceptions-communication",
        "Public perceptions and communication",
        "Percepciones públicas y comunicación",
        "Perceptions du public et communication",
    ),
]
