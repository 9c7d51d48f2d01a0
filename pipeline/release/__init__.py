"""A release for portals: versioned folder and `latest`, datapackage.json, CHANGES and the static
indicator browser."""
