"""Step 1: clean the raw data (reads input.csv, writes processed.csv)."""
import csv

with open("input.csv", newline="") as f:
    rows = [r for r in csv.DictReader(f) if r["x"] and r["y"]]
with open("processed.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["x", "y"])
    w.writeheader()
    w.writerows(rows)
print(f"preprocess: {len(rows)} rows")
