"""Feature: trajectories and their assignments to aanbieders (ids, services, forms, views)."""
