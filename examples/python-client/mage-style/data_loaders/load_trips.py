"""Mage data loader block: synthetic taxi trips (a recorded step; its output is data/trips.csv)."""

import os

import provenant
import taxi

if "data_loader" not in globals():  # Mage injects the decorators; outside Mage, the stand-in's
    from mage_stub import data_loader  # noqa: F401


@data_loader
@provenant.step(name="load_trips", outputs=["data/trips.csv"], params={"seed": 7, "trips": 2000})
def load_data(*args, **kwargs):
    os.makedirs("data", exist_ok=True)
    taxi.generate_trips("data/trips.csv", n=2000, seed=7)
    return "data/trips.csv"
