"""Mage data exporter block: evaluate the model on the held-out trips; promote it when good enough."""

import provenant
import taxi

if "data_exporter" not in globals():
    from mage_stub import data_exporter  # noqa: F401


@data_exporter
@provenant.step(name="publish_model", inputs=["model/model.json", "data/test.csv"], outputs=["model/metrics.json"])
def export_data(paths, *args, **kwargs):
    metrics = taxi.evaluate(paths["model"], paths["test"], "model/metrics.json")
    provenant.log_metrics(metrics)
    if metrics["rmse"] < 2.0:
        provenant.transition_stage(paths["model_id"], "staging", "rmse %.3f < 2.0 on held-out trips" % metrics["rmse"])
    return metrics
