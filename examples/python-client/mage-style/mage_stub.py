"""A stand-in for Mage's block decorators (``mage_ai.data_preparation.decorators``): each marks a
function as a block of its kind and returns it unchanged. Used only when Mage is not there."""


def _mark(kind):
    def decorate(fn):
        fn.mage_block_type = kind
        return fn
    return decorate


data_loader = _mark("data_loader")
transformer = _mark("transformer")
data_exporter = _mark("data_exporter")
