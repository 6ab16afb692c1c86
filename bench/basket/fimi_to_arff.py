#!/usr/bin/env python3
"""Converts a FIMI file (one basket a line) to a sparse ARFF file with one
binary {0,1} attribute per item, the input Weka's FPGrowth reads."""
import sys


def main():
    source, target = sys.argv[1], sys.argv[2]
    baskets = []
    max_item = -1
    with open(source) as lines:
        for line in lines:
            items = sorted({int(token) for token in line.split()})
            if items:
                max_item = max(max_item, items[-1])
            baskets.append(items)
    with open(target, "w") as out:
        out.write("@relation baskets\n")
        for item in range(max_item + 1):
            out.write(f"@attribute i{item} {{0,1}}\n")
        out.write("@data\n")
        for items in baskets:
            out.write("{" + ",".join(f"{item} 1" for item in items) + "}\n")


if __name__ == "__main__":
    main()
