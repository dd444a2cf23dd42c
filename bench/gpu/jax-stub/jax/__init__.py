# Test stub: numpy standing in for JAX, only to exercise peer_rntk_jax.py's logic on a machine without JAX.
import numpy as _np, types
class _Arr(_np.ndarray):
    def block_until_ready(self): return self
class _Cfg:
    def update(self, *a): pass
config = _Cfg()
numpy = types.ModuleType("jax.numpy")
for k in dir(_np):
    setattr(numpy, k, getattr(_np, k))
def _scan(f, init, xs):
    c = init
    for x in xs:
        c, _ = f(c, x)
    return c, None
lax = types.SimpleNamespace(scan=_scan)
def jit(f):
    return lambda *a: _np.asarray(f(*a)).view(_Arr)
def devices(): return ["numpy-stub"]
