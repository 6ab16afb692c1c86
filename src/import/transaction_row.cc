#include "import/transaction_row.h"

#include <charconv>

#include "core/persian_text.h"
#include "import/import_source.h"

namespace vafa::import {
namespace {

const std::vector<FieldSpec>& Specs() {
  static const std::vector<FieldSpec> specs = {
      {"customer_id",
       {"customer", "customer_key", "customer_code", "customer_external_id",
        "کد مشتری", "شناسه مشتری", "مشتری", "شماره مشتری"},
       true},
      {"date",
       {"datetime", "date_time", "ordered_at", "order_date", "timestamp",
        "purchase_date", "invoice_date", "تاریخ", "تاریخ خرید", "تاریخ فاکتور",
        "زمان"},
       true},
      {"order_id",
       {"order", "order_no", "order_number", "invoice", "invoice_id",
        "invoice_no", "receipt", "شماره سفارش", "سفارش", "شماره فاکتور",
        "فاکتور"},
       true},
      {"product",
       {"product_id", "product_code", "sku", "item", "item_id", "کالا",
        "کد کالا", "محصول", "کد محصول"},
       true},
      {"amount",
       {"line_total", "total", "sales", "revenue", "مبلغ", "مبلغ کل", "جمع",
        "مبلغ فروش"},
       true},
      {"quantity", {"qty", "count", "units", "تعداد", "مقدار"}, false},
      {"product_name",
       {"item_name", "description", "نام کالا", "نام محصول"},
       false},
      {"category",
       {"product_category", "group", "دسته", "دسته‌بندی", "گروه کالا",
        "گروه"},
       false},
      {"channel", {"sales_channel", "کانال", "کانال فروش"}, false},
      {"branch", {"store", "shop", "outlet", "شعبه", "فروشگاه"}, false},
      {"discount", {"discount_amount", "تخفیف", "مبلغ تخفیف"}, false},
      {"cost", {"cogs", "cost_of_goods", "بهای تمام شده", "هزینه"}, false},
      {"currency", {"ارز", "واحد پول"}, false},
  };
  return specs;
}

std::string_view FieldAt(const ColumnMap& columns,
                         std::span<const std::string_view> fields,
                         TransactionField field) {
  int column = columns.column(field);
  if (column < 0 || static_cast<size_t>(column) >= fields.size()) return {};
  return TrimField(fields[column]);
}

bool IsAsciiNumber(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
  }
  return true;
}

Result<double> ParseQuantity(std::string_view text) {
  std::string ascii =
      IsAsciiNumber(text) ? std::string(text) : AsciiDigits(text);
  for (char& c : ascii) {
    if (c == ',') c = '.';  // "1,5" kg
  }
  double value = 0;
  auto [end, error] =
      std::from_chars(ascii.data(), ascii.data() + ascii.size(), value);
  if (error != std::errc() || end != ascii.data() + ascii.size()) {
    return Status::Invalid("is not a quantity");
  }
  if (!(value > -1e12 && value < 1e12))
    return Status::Invalid("is out of range");
  return value;
}

}  // namespace

std::span<const FieldSpec> TransactionFieldSpecs() { return Specs(); }

Result<AmountFormat> AmountFormatFor(std::string_view currency_name) {
  AmountFormat format;
  VAFA_ASSIGN_OR_RETURN(format.unit, ResolveCurrencyUnit(currency_name));
  VAFA_ASSIGN_OR_RETURN(format.minor_digits,
                        CurrencyMinorDigits(format.unit.iso));
  return format;
}

bool ParseTransactionRecord(const ColumnMap& columns,
                            std::span<const std::string_view> fields,
                            const AmountFormat& format, int64_t line,
                            TransactionRow& row, ImportErrors& errors) {
  const int64_t errors_before = errors.total();
  const std::span<const FieldSpec> specs = Specs();
  auto fail = [&](TransactionField field, std::string_view value,
                  std::string reason) {
    errors.Add(line, specs[field].name, value, std::move(reason));
  };

  row.customer_key = FieldAt(columns, fields, kTxCustomer);
  if (row.customer_key.empty()) fail(kTxCustomer, "", "is empty");
  row.order_key = FieldAt(columns, fields, kTxOrder);
  if (row.order_key.empty()) fail(kTxOrder, "", "is empty");
  row.product_key = FieldAt(columns, fields, kTxProduct);
  if (row.product_key.empty()) fail(kTxProduct, "", "is empty");

  std::string_view date = FieldAt(columns, fields, kTxDate);
  auto at = ParseDateTime(date);
  if (at.ok()) {
    row.at = *at;
  } else {
    fail(kTxDate, date, at.status().message());
  }

  AmountFormat row_format = format;
  if (columns.has(kTxCurrency)) {
    std::string_view currency = FieldAt(columns, fields, kTxCurrency);
    if (!currency.empty()) {
      auto unit = ResolveCurrencyUnit(currency);
      if (!unit.ok()) {
        fail(kTxCurrency, currency, unit.status().message());
      } else if (unit->iso != format.unit.iso) {
        fail(kTxCurrency, currency,
             "differs from the import currency " + format.unit.iso);
      } else {
        row_format.unit = *unit;
      }
    }
  }
  auto parse_money = [&](TransactionField field, int64_t& out,
                         bool required) -> bool {
    std::string_view text = FieldAt(columns, fields, field);
    if (text.empty()) {
      out = 0;
      if (required) fail(field, text, "is empty");
      return false;
    }
    auto amount =
        ParseAmount(text, row_format.minor_digits, row_format.unit.factor);
    if (!amount.ok()) {
      fail(field, text, amount.status().message());
      return false;
    }
    out = *amount;
    return true;
  };
  parse_money(kTxAmount, row.amount_minor, true);
  parse_money(kTxDiscount, row.discount_minor, false);
  row.has_cost = parse_money(kTxCost, row.cost_minor, false);
  if (row.discount_minor < 0) {
    fail(kTxDiscount, FieldAt(columns, fields, kTxDiscount),
         "is negative (a discount is written as a positive amount)");
  }

  row.quantity = 1;
  std::string_view quantity = FieldAt(columns, fields, kTxQuantity);
  if (!quantity.empty()) {
    auto parsed = ParseQuantity(quantity);
    if (parsed.ok()) {
      row.quantity = *parsed;
    } else {
      fail(kTxQuantity, quantity, parsed.status().message());
    }
  }
  row.product_name = FieldAt(columns, fields, kTxProductName);
  row.category = FieldAt(columns, fields, kTxCategory);
  row.channel = FieldAt(columns, fields, kTxChannel);
  row.branch = FieldAt(columns, fields, kTxBranch);
  return errors.total() == errors_before;
}

}  // namespace vafa::import
