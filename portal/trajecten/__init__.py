"""Feature: trajectories and their assignments to aanbieders."""
from portal.trajecten.views import bp

__all__ = ["bp"]
