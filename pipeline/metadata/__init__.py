"""The registry of published tables and columns and the closed vocabularies (units, measures, comparators,
pillars): what every other stage describes its data with. Imports no other stage."""
