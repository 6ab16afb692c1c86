#!/usr/bin/env python3
"""The generated shop of the import and analysis benches: LINES order lines
(1-5 an order, a customer per 20 lines, 2,000 products, one year), seeded,
so every bench reads the same data.
  bench/import/generate.py LINES CUSTOMERS_CSV TRANSACTIONS_CSV"""
import random
import sys

lines, customers_csv, transactions_csv = int(sys.argv[1]), sys.argv[2], sys.argv[3]
customers = lines // 20
random.seed(1)
with open(customers_csv, "w") as f:
    f.write("external_id,first_name\n")
    for i in range(customers):
        f.write(f"C{i},N{i}\n")
with open(transactions_csv, "w") as f:
    f.write("customer_id,date,order_id,product,quantity,amount,channel\n")
    order = 0
    i = 0
    while i < lines:
        c = random.randrange(customers)
        day = f"2024-{random.randint(1,12):02d}-{random.randint(1,28):02d}"
        for _ in range(random.randint(1, 5)):
            if i == lines:
                break
            f.write(f"C{c},{day},O{order},P{random.randrange(2000)},{random.randint(1,3)},{random.randrange(10000,5000000)},store\n")
            i += 1
        order += 1
