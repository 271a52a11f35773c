"""The privacy module: verwerkingsregister, verwerkersovereenkomsten, verwerkingsstop, DPIA's, datalekken,
verzoeken van betrokkenen and the processing-log viewer.

`init_app(app)` is its one entry: create_app calls it by name (config PRIVACY_MODULE). It registers what the portal
asks of the privacy module (portal/privacy.py), connects to the portal's events (portal/signals.py), and adds its
pages, its API routes and its commands. Nothing in portal/ imports this package.
"""


def init_app(app) -> None:
    from dpia import cli, demo, schema, te_doen, views  # noqa: F401  (schema: every model registers its table)
    from dpia.logboek import api as _logboek_api  # noqa: F401  (routes register on portal.api.bp)
    from dpia.register import api as _register_api  # noqa: F401
    from dpia.register.services import geldende_versie_ids, registreer_portaalactiviteiten
    from dpia.verwerkersovereenkomsten.services import gemeenten_met_geldige_vo
    from dpia.verwerkersovereenkomsten.views import aanbieder_bp
    from dpia.verwerkingsstop.services import actieve_stops
    from dpia.verzoeken import api as _verzoeken_api  # noqa: F401
    from dpia.verzoeken.beperking import beperkte_ids, niet_beperkt
    from portal import privacy, signals

    privacy.register(app, privacy.Privacymodule(
        actieve_stops=actieve_stops,
        gemeenten_met_geldige_vo=gemeenten_met_geldige_vo,
        beperkte_ids=beperkte_ids,
        niet_beperkt=niet_beperkt,
        geldende_versie_ids=geldende_versie_ids,
        te_doen=te_doen.te_doen,
        demo_overeenkomsten=demo.overeenkomsten,
        demo_vullen=demo.vullen,
        menu=views.MENU,
    ))

    def gemeente_aangemaakt(_app, organisatie) -> None:
        """A new gemeente's register starts with the portal's own activities."""
        registreer_portaalactiviteiten(organisatie)

    signals.gemeente_aangemaakt.connect(gemeente_aangemaakt, sender=app, weak=False)

    app.register_blueprint(views.bp)
    app.register_blueprint(aanbieder_bp)
    for command in cli.COMMANDS:
        app.cli.add_command(command)
