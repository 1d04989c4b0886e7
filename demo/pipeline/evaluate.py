"""Step 3: score the model (reads model.json and test.csv, writes metrics.json)."""
import csv
import json

with open("model.json") as f:
    model = json.load(f)
with open("test.csv", newline="") as f:
    data = [(float(r["x"]), float(r["y"])) for r in csv.DictReader(f)]
mse = sum((model["a"] * x + model["b"] - y) ** 2 for x, y in data) / len(data)
with open("metrics.json", "w") as f:
    json.dump({"mse": round(mse, 6)}, f)
print(f"evaluate: mse={mse:.4f}")
