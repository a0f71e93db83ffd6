"""Reference for `import` speed (issue 14): a naive SQLite store of the same CSV, one row a
sample, one transaction. Usage: python3 bench/reference_import.py FILE.acc.csv OUT.sqlite"""
import csv
import os
import sqlite3
import sys

src, db_path = sys.argv[1], sys.argv[2]
if os.path.exists(db_path):
    os.remove(db_path)
db = sqlite3.connect(db_path)
db.execute("CREATE TABLE acc (t REAL NOT NULL, x REAL NOT NULL, y REAL NOT NULL, z REAL NOT NULL)")
with open(src, newline="") as f:
    rows = csv.reader(f)
    next(rows)
    with db:
        db.executemany("INSERT INTO acc VALUES (?, ?, ?, ?)", ((float(a), float(b), float(c), float(d)) for a, b, c, d in rows))
db.close()
print(os.path.getsize(db_path))
