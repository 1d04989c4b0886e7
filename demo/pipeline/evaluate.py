"""Step 3: score the model (reads model.pkl and test.csv, writes metrics.json)."""
import csv
import json
import pickle

with open("model.pkl", "rb") as f:
    m = pickle.load(f)
with open("test.csv", newline="") as f:
    data = [(float(r["x"]), float(r["y"])) for r in csv.DictReader(f)]
mse = sum((m["w"] * x + m["b"] - y) ** 2 for x, y in data) / len(data)
with open("metrics.json", "w") as f:
    json.dump({"mse": round(mse, 6)}, f)
print(f"evaluate: mse={mse:.4f}")
