"""Demo data of this feature, loaded by portal.demo after the trajectories and deliveries."""


def vul(users: dict, orgs: dict, dag) -> None:
    """`users` by e-mail, `orgs` by code, `dag` is today. Flushes; the caller commits."""
