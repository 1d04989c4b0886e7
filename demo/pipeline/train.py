"""Step 2: fit y = w*x + b by gradient descent (reads processed.csv, writes model.pkl or --out)."""
import argparse
import csv
import pickle

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=0.01)
p.add_argument("--epochs", type=int, default=10)
p.add_argument("--out", default="model.pkl")
a = p.parse_args()
with open("processed.csv", newline="") as f:
    data = [(float(r["x"]), float(r["y"])) for r in csv.DictReader(f)]
w = b = 0.0
for _ in range(a.epochs):
    gw = sum(2 * (w * x + b - y) * x for x, y in data) / len(data)
    gb = sum(2 * (w * x + b - y) for x, y in data) / len(data)
    w, b = w - a.lr * gw, b - a.lr * gb
with open(a.out, "wb") as f:
    pickle.dump({"w": w, "b": b, "lr": a.lr, "epochs": a.epochs}, f)
print(f"train: w={w:.3f} b={b:.3f}")
