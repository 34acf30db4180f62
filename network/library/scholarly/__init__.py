"""What scholars, reference managers and search engines read from the library: page metadata,
citation exports and formatted citations, and the lists harvesters and crawlers walk."""
