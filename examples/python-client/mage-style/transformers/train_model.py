"""Mage transformer block: gradient descent, logging the 50-point training curve; the trained
model is registered from this block's run."""

import os

import provenant
import taxi

if "transformer" not in globals():
    from mage_stub import transformer  # noqa: F401


@transformer
@provenant.step(name="train_model", inputs=["data/train.csv"], outputs=["model/model.json"],
                params={"epochs": 50, "lr": 0.01})
def transform(splits, *args, **kwargs):
    os.makedirs("model", exist_ok=True)
    taxi.train(splits["train"], "model/model.json", epochs=50, lr=0.01,
               on_epoch=lambda epoch, mse: provenant.log_metric("train_mse", mse, step=epoch))
    model = provenant.register_model("taxi-duration-mage", output="model/model.json")
    return dict(splits, model="model/model.json", model_id=model["id"])
