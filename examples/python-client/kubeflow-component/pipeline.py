"""The taxi pipeline as Kubeflow Pipelines (KFP v2) container components, each container command
wrapped in ``provenant run`` so every component execution is a recorded run.

NOT RUNNABLE HERE: the ``kfp`` package and a cluster are not available on these machines, so this
file is untested; it follows KFP's documented ``@dsl.container_component`` / ``dsl.ContainerSpec``
shape. The same commands run locally through pipeline.yaml (tested in CI). Compile with
``python3 pipeline.py`` where kfp is installed (writes taxi_pipeline.yaml for the KFP UI).

The image holds python3, the provenant CLI and Python client, component.py and taxi.py under /app;
the pod needs PROVENANT_URL and PROVENANT_TOKEN (e.g. from a Kubernetes secret).
"""

IMAGE = "registry.example.com/ml/taxi-provenant:1"  # build it from the Dockerfile of your choice
COMPONENT = ["python3", "/app/kubeflow-component/component.py"]


def recorded(name, inputs, outputs, stage_args, params=()):
    """The container command: ``provenant run`` around the component's program."""
    cmd = ["provenant", "run", "--name", name]
    for i in inputs:
        cmd += ["--input", i]
    for o in outputs:
        cmd += ["--output", o]
    for p in params:
        cmd += ["--param", p]
    return cmd + ["--"] + COMPONENT + stage_args


def build():
    from kfp import compiler, dsl  # type: ignore

    # Components exchange files through a volume mounted at /work (the working directory of every
    # step), so the paths Provenant records are the same in every pod and in a local replay.
    @dsl.container_component
    def generate():
        return dsl.ContainerSpec(image=IMAGE, command=recorded(
            "generate", [], ["data/trips.csv"], ["generate", "--trips", "data/trips.csv"],
            ["seed=7", "trips=2000"]))

    @dsl.container_component
    def features():
        return dsl.ContainerSpec(image=IMAGE, command=recorded(
            "features", ["data/trips.csv"], ["data/train.csv", "data/test.csv"],
            ["features", "--trips", "data/trips.csv", "--train", "data/train.csv", "--test", "data/test.csv"]))

    @dsl.container_component
    def train():
        return dsl.ContainerSpec(image=IMAGE, command=recorded(
            "train", ["data/train.csv"], ["model/model.json"],
            ["train", "--train", "data/train.csv", "--model", "model/model.json"], ["epochs=50", "lr=0.01"]))

    @dsl.container_component
    def evaluate():
        return dsl.ContainerSpec(image=IMAGE, command=recorded(
            "evaluate", ["model/model.json", "data/test.csv"], ["model/metrics.json"],
            ["evaluate", "--model", "model/model.json", "--test", "data/test.csv", "--metrics", "model/metrics.json"]))

    @dsl.pipeline(name="taxi-duration")
    def taxi_pipeline():
        g = generate()
        f = features().after(g)
        t = train().after(f)
        evaluate().after(t)
        # mount the shared volume at /work on each task with kfp-kubernetes' mount_pvc(...)

    compiler.Compiler().compile(taxi_pipeline, "taxi_pipeline.yaml")


if __name__ == "__main__":
    try:
        build()
        print("wrote taxi_pipeline.yaml")
    except ImportError:
        print("kfp is not installed: run the same component commands locally with\n"
              "  provenant pipeline run kubeflow-component/pipeline.yaml -C .   (from examples/python-client)")
