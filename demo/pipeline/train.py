"""Step 2: fit y = a*x + b by gradient descent (reads processed.csv, writes model.json)."""
import argparse
import csv
import json

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.01)
parser.add_argument("--epochs", type=int, default=200)
args = parser.parse_args()

with open("processed.csv", newline="") as f:
    data = [(float(r["x"]), float(r["y"])) for r in csv.DictReader(f)]
a = b = 0.0
for _ in range(args.epochs):
    ga = sum(2 * (a * x + b - y) * x for x, y in data) / len(data)
    gb = sum(2 * (a * x + b - y) for x, y in data) / len(data)
    a, b = a - args.lr * ga, b - args.lr * gb
with open("model.json", "w") as f:
    json.dump({"a": a, "b": b, "lr": args.lr, "epochs": args.epochs}, f)
print(f"train: a={a:.3f} b={b:.3f}")
