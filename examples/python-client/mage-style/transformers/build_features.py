"""Mage transformer block: features and a deterministic train/test split."""

import provenant
import taxi

if "transformer" not in globals():
    from mage_stub import transformer  # noqa: F401


@transformer
@provenant.step(name="build_features", inputs=["data/trips.csv"], outputs=["data/train.csv", "data/test.csv"])
def transform(trips_path, *args, **kwargs):
    taxi.build_features(trips_path, "data/train.csv", "data/test.csv")
    return {"train": "data/train.csv", "test": "data/test.csv"}
