"""Writes N customers as a customers CSV (Persian names, unique mobile
numbers, cities) and a file of search queries: full names and phone numbers
of existing customers, URL-encoded, for bench/api/run.sh."""
import random
import sys
import urllib.parse

FIRST = ("علی محمد حسین رضا مهدی امیر سعید حمید مجید وحید فاطمه زهرا مریم "
         "سارا نرگس الهام لیلا مینا شیما هانیه ستاره مهسا پریسا نازنین").split()
LAST = ("محمدی حسینی احمدی رضایی کریمی موسوی جعفری صادقی رحیمی کاظمی "
        "عباسی نوری قاسمی زمانی شریفی ملکی فرهادی پارسا شیرازی تهرانی "
        "اصفهانی یزدانی کرمانی رستمی بهرامی سلیمانی طاهری نجفی حیدری "
        "مرادی").split()
CITIES = "تهران مشهد اصفهان شیراز تبریز کرج قم اهواز رشت کرمان".split()

n, csv_path, queries_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
random.seed(7)
phones = random.sample(range(10_000_000), n)
queries = []
with open(csv_path, "w", encoding="utf-8") as f:
    f.write("external_id,first_name,last_name,phone,city\n")
    for i in range(n):
        first, last = random.choice(FIRST), random.choice(LAST)
        # A second family name makes full names rarer, as they are.
        if random.random() < 0.7:
            last = last + " " + random.choice(LAST)
        phone = f"0912{phones[i]:07d}"
        f.write(f"B{i},{first},{last},{phone},{random.choice(CITIES)}\n")
        if i % max(1, n // 2000) == 0:
            queries.append(first + " " + last)
            queries.append(phone)
with open(queries_path, "w", encoding="utf-8") as f:
    for q in queries:
        f.write(urllib.parse.quote(q) + "\n")
