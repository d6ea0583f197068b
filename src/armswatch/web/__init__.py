"""The analysts' workbench: `armswatch serve DIR_OR_DB` (FastAPI, server-rendered pages, a JSON API)."""
