"""Reference values for crema.viz tests, computed with NumPy (run with /usr/bin/python3).

PCA: eigen-decomposition of the sample covariance (numpy.linalg.eigh), the definition that
sklearn.decomposition.PCA also follows. Signs are normalised like Pca.java does: the largest
|coordinate| of each component is positive.
"""
import json
import numpy as np

rng = np.random.default_rng(7)
n, d = 200, 5
# correlated data: a random mixing of independent axes with decreasing spread
base = rng.normal(size=(n, d)) * np.array([5.0, 3.0, 1.0, 0.5, 0.2])
mix = np.linalg.qr(rng.normal(size=(d, d)))[0]
x = (base @ mix.T + np.array([1.0, -2.0, 0.5, 3.0, 0.0])).astype(np.float32)

xc = x.astype(np.float64) - x.astype(np.float64).mean(axis=0)
cov = xc.T @ xc / (n - 1)
vals, vecs = np.linalg.eigh(cov)
order = np.argsort(vals)[::-1]
vals, vecs = vals[order], vecs[:, order]
comps = []
for c in range(2):
    v = vecs[:, c]
    if v[np.argmax(np.abs(v))] < 0:
        v = -v
    comps.append(v.tolist())
proj = xc @ np.array(comps).T

ref = {
    "pca": {
        "n": n,
        "d": d,
        "x": x.reshape(-1).tolist(),
        "components": comps,
        "explained_variance": vals[:2].tolist(),
        "explained_variance_ratio": (vals[:2] / vals.sum()).tolist(),
        "projection_first5": proj[:5].reshape(-1).tolist(),
    }
}
with open("reference.json", "w") as f:
    json.dump(ref, f)
print("wrote reference.json")
