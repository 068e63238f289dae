"""The HTTP API (FastAPI), thin over the application."""
