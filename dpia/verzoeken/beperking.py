"""Restriction of processing (AVG art. 18) per trajectory: which trajectories are restricted."""


def beperkte_ids(traject_ids: set[str]) -> set[str]:
    """The ids among `traject_ids` whose processing is restricted (placeholder: none until the feature lands)."""
    return set()
