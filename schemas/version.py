"""The data-contract version written into every row (bump deliberately, note it in CHANGELOG.md)."""

SCHEMA_VERSION = "1.2"
