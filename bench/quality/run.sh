#!/bin/sh
# The customer data quality report through the shipped binary on a store:
# generates CUSTOMERS customers (few distinct names, so large name blocks;
# phones, e-mails and birth dates partly missing), imports them into a
# fresh SQLite store, then times `vafa quality` and, for comparison,
# `vafa duplicates scan` on the same store (docs/quality.md).
#   bench/quality/run.sh [CUSTOMERS...]    # default: 200000 1000000
# Needs a built tree (cmake --build build --target vafa) and python3.
set -eu
cd "$(dirname "$0")/../.."
vafa=${VAFA:-$PWD/build/src/cli/vafa}
sizes=${*:-200000 1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "vafa: $vafa (commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
for customers in $sizes; do
  python3 - "$customers" "$work/customers.csv" <<'PY'
import random, sys
count, path = int(sys.argv[1]), sys.argv[2]
random.seed(8)
first = ['سارا', 'علی', 'مریم', 'رضا', 'زهرا', 'محمد', 'Sara', 'Ali', 'Maryam',
         'Reza', 'نگار', 'امیر', 'فاطمه', 'حسین', 'لیلا', 'مهدی']
last = ['رحیمی', 'محمدی', 'کریمی', 'احمدی', 'حسینی', 'Rahimi', 'Mohammadi',
        'Karimi', 'Ahmadi', 'نوری', 'جعفری', 'رضایی', 'موسوی']
places = [('تهران', 'تهران'), ('Tehran', 'Tehran'), ('شیراز', 'فارس'),
          ('Mashhad', 'Razavi Khorasan'), ('اصفهان', 'اصفهان'),
          ('Tabriz', 'East Azerbaijan'), ('کرج', 'البرز'), ('Karaj', 'Tehran'),
          ('Rasht', 'Gilan'), ('Qom', 'قم')]
with open(path, 'w') as out:
    out.write('external_id,first_name,last_name,phone,email,birth_date,'
              'city,province,gender\n')
    for i in range(count):
        city, province = random.choice(places)
        phone = '0912%07d' % random.randrange(10**7) if random.random() < 0.9 else ''
        email = 'u%d@example.com' % i if random.random() < 0.5 else ''
        born = '19%02d-%02d-%02d' % (random.randrange(40, 99), random.randrange(1, 13),
                                     random.randrange(1, 28)) if random.random() < 0.6 else ''
        out.write('C%d,%s,%s,%s,%s,%s,%s,%s,%s\n' % (
            i, random.choice(first), random.choice(last), phone, email, born,
            city, province, random.choice(['female', 'male', ''])))
PY
  rm -f "$work"/bench.db*
  "$vafa" --db "$work/bench.db" --workspace bench import customers "$work/customers.csv" >/dev/null
  echo "$customers customers:"
  /usr/bin/time -f "  vafa quality: %e s, %U s CPU, %M KiB" \
    "$vafa" --db "$work/bench.db" --workspace bench quality --format json >/dev/null
  /usr/bin/time -f "  vafa duplicates scan: %e s, %U s CPU, %M KiB" \
    "$vafa" --db "$work/bench.db" --workspace bench duplicates scan --format json >/dev/null
done
