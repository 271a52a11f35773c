"""Verwerkersovereenkomsten (AVG art. 28): the model, the services with the door `gemeenten_met_geldige_vo`, pages."""
