"""WSGI entry point for gunicorn. Never migrates or seeds: run `portal db upgrade` before starting workers."""
import gc

from portal import create_app, warm_up

app = create_app()
warm_up(app)  # before the worker takes its first request
# What the worker has loaded by now (pandas, numpy, SQLAlchemy, Jinja, the app: ~300,000 objects) lives as long as
# the process: move it out of the cyclic garbage collector's generations, so that a full collection walks only what
# requests created since (a full collection over everything took ~160 ms, once every few dozen requests).
gc.collect()
gc.freeze()
