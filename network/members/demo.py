"""Demo profiles for the demo accounts, and organizations from many countries."""
from sqlalchemy import select

from network.auth.models import User
from network.dbtypes import utcnow
from network.extensions import db
from network.members.models import AffiliationState, OrgAffiliation
from network.members.organizations import OrganizationInput, create_organization
from network.members.services import PersonInput, save_person_profile
from network.themes.models import Theme

# name: (kind, residence, origins, corridors, theme slugs, languages, headline, expertise)
PEOPLE = {
    "Maria dos Santos": ("practitioner", "BR", ["BR"], [("BR", "PT"), ("BR", "US")],
                         ["remittances", "diaspora-resources"], ["pt", "es", "en"],
                         "Financial inclusion for Brazilian families abroad", "remittances, microfinance"),
    "Ana María Quispe": ("scholar", "PE", ["PE"], [("PE", "AR"), ("PE", "CL")],
                         ["labor-migration", "gender"], ["es", "qu", "en"],
                         "Andean women in South American labor markets", "domestic work, care chains"),
    "Dilnoza Karimova": ("scholar", "UZ", ["UZ"], [("UZ", "RU"), ("UZ", "KZ")],
                         ["remittances", "data-migration-remittances"], ["uz", "ru", "en"],
                         "Remittances and household welfare in Central Asia", "household surveys, remittances"),
    "Kwame Mensah": ("practitioner", "GH", ["GH"], [("GH", "GB"), ("GH", "US")],
                     ["remittances", "diaspora-resources"], ["en", "tw"],
                     "Lowering the cost of sending money home", "mobile money, remittance pricing"),
    "Fatima Zahra El Idrissi": ("scholar", "MA", ["MA"], [("MA", "ES"), ("MA", "FR")],
                                ["integration-host-communities", "gender"], ["ar", "fr", "es"],
                                "Second-generation Moroccans in Spain and France", "integration, education"),
    "José Ñúñez": ("activist", "CO", ["VE"], [("VE", "CO"), ("VE", "PE")],
                   ["forced-displacement", "migrant-rights-social-aspects"], ["es"],
                   "Rights of Venezuelans on the move", "legal aid, regularization"),
    "Priya Raman": ("scholar", "IN", ["IN"], [("IN", "AE"), ("IN", "SA")],
                    ["labor-migration", "policy-institutional-coherence"], ["ta", "hi", "en"],
                    "Recruitment costs of South Indian workers in the Gulf", "recruitment, labor law"),
    "Nguyễn Thị Lan": ("student", "VN", ["VN"], [("VN", "JP"), ("VN", "KR")],
                       ["labor-migration", "capacity-building-local-authorities"], ["vi", "en", "ja"],
                       "Technical intern training programmes in East Asia", "skills, training"),
    "Aïssatou Diallo": ("activist", "GN", ["GN"], [("GN", "SN"), ("GN", "FR")],
                        ["migrant-rights-social-aspects", "gender"], ["fr", "ff"],
                        "Women's associations along West African routes", "community organizing"),
    "Carlos Mejía": ("practitioner", "HN", ["HN"], [("HN", "US"), ("HN", "MX")],
                     ["forced-displacement", "internal-migration-urbanization"], ["es", "en"],
                     "Return and reintegration in Honduras", "return migration, reintegration"),
    "Olena Kovalenko": ("policy_maker", "UA", ["UA"], [("UA", "PL"), ("UA", "DE")],
                        ["forced-displacement", "policy-institutional-coherence"], ["uk", "pl", "en"],
                        "Temporary protection and labor market access", "temporary protection, policy"),
    "Rahel Tesfaye": ("scholar", "ET", ["ET"], [("ET", "SA"), ("ET", "KE")],
                      ["demography-migration", "data-migration-remittances"], ["am", "en"],
                      "Demographic change and youth mobility in the Horn of Africa", "demography, census data"),
    "Marisol Gutiérrez": ("journalist", "GT", ["GT"], [("GT", "MX"), ("GT", "US")],
                          ["public-perceptions-communication", "migrant-rights-social-aspects"], ["es", "en"],
                          "Reporting on the journey north", "investigative reporting, media"),
    "Hamid Karimi": ("practitioner", "AF", ["AF"], [("AF", "IR"), ("AF", "PK")],
                     ["forced-displacement", "monitoring-evaluation"], ["fa", "ps", "en"],
                     "Protection monitoring for Afghan refugees", "protection, monitoring"),
    "Sophie Martin": ("policy_maker", "FR", [], [("SN", "FR"), ("ML", "FR")],
                      ["policy-institutional-coherence", "migration-security-development"], ["fr", "en"],
                      "Development cooperation and migration policy", "co-development, policy"),
    "Rodrigo Almeida": ("scholar", "AR", ["AR"], [("PY", "AR"), ("BO", "AR")],
                        ["labor-migration", "demography-migration"], ["es", "pt"],
                        "Regional mobility in Mercosur", "regional agreements, statistics"),
    "Leila Haddad": ("practitioner", "LB", ["LB"], [("SY", "LB")],
                     ["forced-displacement", "integration-host-communities"], ["ar", "fr", "en"],
                     "Host communities and refugee livelihoods in Lebanon", "livelihoods, social cohesion"),
    "Moussa Traoré": ("activist", "ML", ["ML"], [("ML", "FR"), ("ML", "CI")],
                      ["diaspora-resources", "remittances"], ["fr", "bm"],
                      "Hometown associations financing village projects", "diaspora investment, co-financing"),
    "Grace Wanjiru": ("scholar", "KE", ["KE"], [("KE", "GB"), ("KE", "US")],
                      ["environmental-change-migration", "internal-migration-urbanization"], ["sw", "en"],
                      "Drought, pastoralism and mobility", "climate mobility, pastoralism"),
    "Juan Pablo Rojas": ("student", "CL", ["CL"], [("HT", "CL"), ("VE", "CL")],
                         ["integration-host-communities", "public-perceptions-communication"], ["es", "en"],
                         "Attitudes to newcomers in Chilean cities", "public opinion, surveys"),
    "Samira Benali": ("policy_maker", "DZ", ["DZ"], [("DZ", "FR")],
                      ["migration-security-development", "diaspora-resources"], ["ar", "fr"],
                      "Engaging the Algerian diaspora", "diaspora policy"),
    "Tomás Villanueva": ("scholar", "ES", ["ES"], [("EC", "ES"), ("CO", "ES")],
                         ["integration-host-communities", "monitoring-evaluation"], ["es", "en", "ca"],
                         "Evaluating integration programmes in Spain", "programme evaluation"),
    "Ayesha Siddiqui": ("journalist", "PK", ["PK"], [("PK", "AE"), ("PK", "GB")],
                        ["public-perceptions-communication", "labor-migration"], ["ur", "en"],
                        "Migrant workers' stories from the Gulf", "data journalism"),
    "Daniel Osei": ("practitioner", "GB", ["GH"], [("GH", "GB")],
                    ["diaspora-resources", "capacity-building-local-authorities"], ["en"],
                    "Diaspora skills for local development", "diaspora engagement"),
    "Elena Popescu": ("scholar", "RO", ["RO"], [("RO", "IT"), ("RO", "ES")],
                      ["environmental-change-migration", "demography-migration"], ["ro", "it", "en"],
                      "Depopulation and return in rural Romania", "return migration, rural development"),
}

# (name, kind, country, city, year, served countries, corridors, theme slugs, languages, description)
ORGANIZATIONS = [
    ("Club Zacatecas Unidos de Illinois", "migrant_association", "US", "Chicago", 1995, ["MX"], [("MX", "US")],
     ["diaspora-resources", "remittances"], ["es", "en"],
     "A **hometown association** that co-finances schools and water systems in Zacatecas."),
    ("Association des Ressortissants de Kayes en France", "migrant_association", "FR", "Montreuil", 1987,
     ["ML"], [("ML", "FR")], ["diaspora-resources", "remittances"], ["fr", "bm"],
     "Malian migrants from the Kayes region supporting health centres at home."),
    ("Red de Mujeres Migrantes", "ngo", "CL", "Santiago", 2012, ["PE", "BO", "HT"], [("PE", "CL"), ("HT", "CL")],
     ["gender", "migrant-rights-social-aspects"], ["es", "fr"],
     "Legal orientation and mutual support for migrant women in Chile."),
    ("Centre for Migration Studies Accra", "research", "GH", "Accra", 2006, ["GH", "NG"], [("GH", "GB")],
     ["data-migration-remittances", "demography-migration"], ["en"],
     "University research centre on West African mobility."),
    ("Instituto de Políticas Migratorias", "think_tank", "MX", "Ciudad de México", 2010, ["MX", "GT", "HN"],
     [("GT", "MX"), ("HN", "US")], ["policy-institutional-coherence", "forced-displacement"], ["es", "en"],
     "Independent analysis of migration policy in North and Central America."),
    ("Kenya Climate Mobility Network", "ngo", "KE", "Nairobi", 2018, ["KE", "SO", "ET"], [],
     ["environmental-change-migration", "internal-migration-urbanization"], ["en", "sw"],
     "Communities, researchers and county governments working on climate-related mobility."),
    ("Remittance Transparency Foundation", "foundation", "GB", "London", 2014, ["GH", "KE", "PK"],
     [("GB", "GH"), ("GB", "PK")], ["remittances"], ["en"],
     "Funds research and tools that make sending money cheaper and clearer."),
    ("Dirección de Atención al Migrante", "government", "GT", "Guatemala", 2008, ["GT"], [("GT", "US")],
     ["capacity-building-local-authorities", "migrant-rights-social-aspects"], ["es"],
     "Public office serving Guatemalans abroad and returnees."),
    ("Regional Migration Observatory for Central Asia", "international", "KZ", "Almaty", 2016,
     ["UZ", "TJ", "KG"], [("UZ", "RU"), ("TJ", "RU")], ["data-migration-remittances", "labor-migration"],
     ["ru", "en"], "Statistics and capacity building for labor migration in Central Asia."),
    ("Asociación Venezolanos en Colombia", "migrant_association", "CO", "Bogotá", 2017, ["VE"],
     [("VE", "CO")], ["forced-displacement", "integration-host-communities"], ["es"],
     "Diaspora group helping newcomers find work, school places and legal status."),
    ("Beirut Centre for Refugee Research", "research", "LB", "Beirut", 2013, ["SY", "LB"], [("SY", "LB")],
     ["forced-displacement", "monitoring-evaluation"], ["ar", "en", "fr"],
     "Research on livelihoods of refugees and host communities."),
    ("Filipino Workers Welfare Association", "migrant_association", "AE", "Dubai", 2001, ["PH"],
     [("PH", "AE")], ["labor-migration", "migrant-rights-social-aspects"], ["tl", "en"],
     "Community support for Filipino domestic and construction workers in the Emirates."),
]


def seed_members(rng) -> None:
    themes = {t.slug: t.id for t in db.session.scalars(select(Theme))}
    users = {u.name: u for u in db.session.scalars(select(User).order_by(User.id))}
    profiles = []
    for name, (kind, country, origins, corridors, slugs, languages, headline, expertise) in PEOPLE.items():
        user = users.get(name)
        if user is None:
            continue
        visibility = rng.choice(["public", "public", "public", "members"])
        profiles.append(save_person_profile(user, PersonInput(
            display_name=name, kind=kind, headline=headline, country=country, origins=origins,
            corridors=corridors, theme_ids=[themes[s] for s in slugs if s in themes],
            languages=languages, expertise=expertise,
            bio=f"{headline}.\n\nI work on **{expertise}** and welcome contact from colleagues.",
            visibility=visibility, email_visibility=rng.choice(["members", "private"]),
            listed_in_directory=rng.random() < 0.9)))
    for index, (name, kind, country, city, year, served, corridors, slugs, languages, description) \
            in enumerate(ORGANIZATIONS):
        admin = profiles[index % len(profiles)].user
        org = create_organization(admin, OrganizationInput(
            name=name, kind=kind, country=country, city=city, year_founded=year, description=description,
            served_countries=served, corridors=corridors,
            theme_ids=[themes[s] for s in slugs if s in themes], languages=languages,
            visibility="public", listed_in_directory=True))
        for member in rng.sample(profiles, 2):
            approved = rng.random() < 0.7
            db.session.add(OrgAffiliation(
                person=member, organization=org,
                title=rng.choice(["Researcher", "Coordinator", "Board member", "Volunteer", "Adviser"]),
                state=(AffiliationState.APPROVED if approved else AffiliationState.PENDING).value,
                approved_at=utcnow() if approved else None))
    db.session.flush()
