"""WSGI entry point for gunicorn. Never migrates or seeds: run `portal db upgrade` before starting workers."""
from portal import create_app

app = create_app()
