"""Airflow-shaped: a DAG of PythonOperator callables, each callable recording its own run.

RUNNABLE AS IS with the standard library: without Airflow, `python3 dag.py` runs the callables
in dependency order (what `dag.test()` does). With Airflow installed, the `with DAG(...)` block at
the bottom builds the real DAG from the same callables (not tested here: Airflow is not
installable on these machines). Airflow can also report lineage without code changes through its
OpenLineage provider pointed at Provenant (docs/openlineage.md).

    PYTHONPATH=../../../clients/python python3 dag.py
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import provenant  # noqa: E402
import taxi  # noqa: E402


def generate_trips(**context):
    with provenant.start_run(name="generate_trips", params={"seed": 7}):
        os.makedirs("data", exist_ok=True)
        taxi.generate_trips("data/trips.csv", seed=7)
        provenant.log_output("data/trips.csv")


def build_features(**context):
    with provenant.start_run(name="build_features", inputs=["data/trips.csv"]):
        taxi.build_features("data/trips.csv", "data/train.csv", "data/test.csv")
        provenant.log_output("data/train.csv")
        provenant.log_output("data/test.csv")


def train_model(**context):
    with provenant.start_run(name="train_model", inputs=["data/train.csv"], params={"epochs": 50}):
        os.makedirs("model", exist_ok=True)
        taxi.train("data/train.csv", "model/model.json",
                   on_epoch=lambda e, mse: provenant.log_metric("train_mse", mse, step=e))
        model = provenant.register_model("taxi-duration-airflow", output="model/model.json")
    return model["id"]  # an XCom in Airflow


def evaluate_model(model_id=None, **context):
    with provenant.start_run(name="evaluate_model", inputs=["model/model.json", "data/test.csv"]):
        m = taxi.evaluate("model/model.json", "data/test.csv", "model/metrics.json")
        provenant.log_metrics(m)
        provenant.log_output("model/metrics.json")
    if model_id and m["rmse"] < 2.0:
        provenant.transition_stage(model_id, "staging", "rmse %.3f" % m["rmse"])
    return m


try:
    from airflow import DAG  # type: ignore
    from airflow.operators.python import PythonOperator  # type: ignore
except ImportError:
    DAG = None

if DAG is not None:  # pragma: no cover - only where Airflow is installed
    import pendulum  # type: ignore

    with DAG("taxi_duration", start_date=pendulum.datetime(2026, 1, 1), schedule=None, catchup=False) as dag:
        t1 = PythonOperator(task_id="generate_trips", python_callable=generate_trips)
        t2 = PythonOperator(task_id="build_features", python_callable=build_features)
        t3 = PythonOperator(task_id="train_model", python_callable=train_model)
        t4 = PythonOperator(task_id="evaluate_model", python_callable=evaluate_model,
                            op_kwargs={"model_id": "{{ ti.xcom_pull(task_ids='train_model') }}"})
        t1 >> t2 >> t3 >> t4

if __name__ == "__main__":
    generate_trips()
    build_features()
    print(evaluate_model(train_model()))
