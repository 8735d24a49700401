"""Helpers shared by the steps: CSV in and out, and parameters from Provenant.

`provenant run` and `provenant pipeline run` hand each parameter to the step as an
environment variable PARAM_<NAME>.
"""
import csv
import json
import os

import numpy as np


def param(name, default):
    return os.environ.get("PARAM_" + name.upper(), default)


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return rows


def write_csv(path, rows, fields):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def write_json(path, value):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w") as f:
        # repr-exact floats and sorted keys: the same numbers always give the same bytes
        json.dump(value, f, indent=2, sort_keys=True)
        f.write("\n")


def matrix(rows):
    """The design matrix (intercept, distance, rush, passengers) and the target."""
    x = np.array([[1.0, float(r["distance_km"]), float(r["rush"]), float(r["passengers"])] for r in rows])
    y = np.array([float(r["duration_min"]) for r in rows])
    return x, y
