#!/usr/bin/env python3
"""Writes invoices.csv, a small file in the shape of a public online-retail
invoice export (CamelCase headers, M/D/YY H:MM dates, unit prices in pounds,
cancellations as negative lines on C-prefixed invoices, lines without a
customer), and invoices_converted.csv, the same data converted by hand to
vafa's plain transactions format: ISO dates, line totals = quantity x unit
price rounded half away from zero to pence (Python's ROUND_HALF_UP), and
the lines without a customer left out.

tests/cli/invoice_import_test.cc imports both and compares the stores.
Run from this folder: python3 make_invoices.py
"""
import csv
import datetime
import random
from decimal import Decimal, ROUND_HALF_UP

rng = random.Random(20101201)
products = [
    ("85123A", "WHITE HANGING HEART T-LIGHT HOLDER", "2.55"),
    ("71053", "WHITE METAL LANTERN", "3.39"),
    ("84406B", "CREAM CUPID HEARTS COAT HANGER", "2.75"),
    ("22752", "SET 7 BABUSHKA NESTING BOXES", "7.65"),
    ("21730", "GLASS STAR FROSTED T-LIGHT HOLDER", "4.25"),
    ("22633", "HAND WARMER UNION JACK", "1.85"),
    ("84879", "ASSORTED COLOUR BIRD ORNAMENT", "1.69"),
    ("22745", "POPPY'S PLAYHOUSE BEDROOM, PINK", "2.10"),
    ("21754", "HOME BUILDING BLOCK WORD", "5.95"),
    ("PADS", "PADS TO MATCH ALL CUSHIONS", "0.001"),
    ("POST", "POSTAGE", "18.00"),
    ("22086", "PAPER CHAIN KIT 50'S CHRISTMAS", "2.95"),
    ("21232", "STRAWBERRY CERAMIC TRINKET BOX", "1.25"),
    ("23084", "RABBIT NIGHT LIGHT", "2.08"),
    ("85099B", "JUMBO BAG RED RETROSPOT", "1.65"),
    ("47566", "PARTY BUNTING", "4.95"),
    ("22423", "REGENCY CAKESTAND 3 TIER", "12.75"),
    ("M", "Manual", "0.85"),
]
customers = ["17850", "13047", "12583", "13748", "15100", "15291", "14688",
             "17809", "15311", "16098", "18074", "12431", "17511", "13705"]
countries = {"12583": "France", "12431": "Australia"}

raw = [["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate",
        "UnitPrice", "CustomerID", "Country"]]
converted = [["customer_id", "date", "order_id", "product", "product_name",
              "quantity", "amount"]]
at = datetime.datetime(2010, 12, 1, 8, 26)
invoice_no = 536365
sales = []  # (invoice, customer, at, lines) of invoices with a customer
for invoice_idx in range(70):
    at += datetime.timedelta(minutes=rng.choice([7, 23, 41, 95, 180, 600, 1440, 2880]))
    customer = "" if rng.random() < 0.25 else rng.choice(customers)
    lines = []
    for _ in range(rng.randint(1, 8)):
        code, name, price = rng.choice(products)
        lines.append((code, name, rng.choice([1, 2, 3, 4, 6, 12, 24]), price))
    if invoice_idx == 3:
        lines.append(("PADS", "PADS TO MATCH ALL CUSHIONS", 5, "0.001"))
    invoice = str(invoice_no)
    invoice_no += 1
    if customer:
        sales.append((invoice, customer, lines))
    # A cancellation now and then: a C-invoice taking back one line.
    cancel = None
    if customer and rng.random() < 0.15:
        code, name, quantity, price = rng.choice(lines)
        cancel = ("C" + str(invoice_no), [(code, name, -quantity, price)])
        invoice_no += 1
    for invoice_key, invoice_lines, when in (
            [(invoice, lines, at)] +
            ([(cancel[0], cancel[1], at + datetime.timedelta(minutes=5))]
             if cancel else [])):
        for code, name, quantity, price in invoice_lines:
            date = f"{when.month}/{when.day}/{when.year % 100:02d} " \
                   f"{when.hour}:{when.minute:02d}"
            raw.append([invoice_key, code, name, str(quantity), date, price,
                        customer, countries.get(customer, "United Kingdom")])
            if not customer:
                continue
            amount = (Decimal(price) * quantity).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP)
            converted.append([customer, when.strftime("%Y-%m-%dT%H:%M:00"),
                              invoice_key, code, name, str(quantity),
                              str(amount)])

for name, rows in (("invoices.csv", raw),
                   ("invoices_converted.csv", converted)):
    with open(name, "w", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
