"""Raw plan files in: what is in the raw folder by plan id and fingerprint, the officers' registry and each
plan's metadata, and text decoded from whatever encoding a converter left."""
