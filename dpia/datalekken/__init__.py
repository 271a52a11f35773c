"""Datalekken register (AVG art. 33/34): incidents, the 72-hour notification deadline, affected trajectories."""
