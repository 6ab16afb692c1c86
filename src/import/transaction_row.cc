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
        "customer_no", "customer_number", "cust_id", "client_id", "client",
        "کد مشتری", "شناسه مشتری", "مشتری", "شماره مشتری"},
       true},
      {"date",
       {"datetime", "date_time", "ordered_at", "order_date", "timestamp",
        "purchase_date", "invoice_date", "transaction_date", "sale_date",
        "sales_date", "تاریخ", "تاریخ خرید", "تاریخ فاکتور", "تاریخ سفارش",
        "زمان"},
       true},
      {"order_id",
       {"order", "order_no", "order_number", "invoice", "invoice_id",
        "invoice_no", "invoice_number", "receipt", "receipt_no",
        "transaction_id", "bill_no", "شماره سفارش", "سفارش", "شماره فاکتور",
        "فاکتور", "شماره رسید"},
       true},
      {"product",
       {"product_id", "product_code", "sku", "item", "item_id", "item_code",
        "stock_code", "article", "barcode", "کالا", "کد کالا", "محصول",
        "کد محصول", "بارکد"},
       true},
      {"amount",
       {"line_total", "total", "sales", "revenue", "line_amount", "net_amount",
        "total_amount", "total_price", "sales_amount", "مبلغ", "مبلغ کل", "جمع",
        "مبلغ فروش", "مبلغ نهایی"},
       true,
       kTxUnitPrice},
      {"quantity",
       {"qty", "count", "units", "quantity_sold", "qty_sold", "تعداد", "مقدار"},
       false},
      {"product_name",
       {"item_name", "description", "product_description", "item_description",
        "نام کالا", "نام محصول", "شرح کالا", "شرح"},
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
      {"unit_price",
       {"price", "price_each", "item_price", "sale_price", "unit_amount",
        "قیمت", "قیمت واحد", "فی", "بها"},
       false},
      {"tax",
       {"vat", "tax_amount", "vat_amount", "sales_tax", "مالیات", "ارزش افزوده",
        "مالیات بر ارزش افزوده"},
       false},
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

std::string AsciiQuantity(std::string_view text);

Result<double> ParseQuantity(std::string_view text) {
  const std::string ascii = AsciiQuantity(text);  // "1,5" kg
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

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

int64_t PowerOfTen(int digits) {
  int64_t power = 1;
  for (int i = 0; i < digits; ++i) power *= 10;
  return power;
}

// "1,5" (a decimal comma in quantities) and Persian digits to "1.5".
std::string AsciiQuantity(std::string_view text) {
  std::string ascii =
      IsAsciiNumber(text) ? std::string(text) : AsciiDigits(text);
  for (char& c : ascii) {
    if (c == ',') c = '.';
  }
  return ascii;
}

}  // namespace

int DecimalsOf(std::string_view text) {
  size_t point = text.rfind('.');
  const size_t arabic = text.rfind("\u066B");
  if (arabic != std::string_view::npos &&
      (point == std::string_view::npos || arabic > point)) {
    point = arabic + 1;
  }
  if (point == std::string_view::npos) return 0;
  int digits = 0;
  for (size_t i = point + 1; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (IsAsciiDigit(text[i])) {
      ++digits;
    } else if ((c == 0xDB || c == 0xD9) && i + 1 < text.size()) {
      // Persian (U+06F0..) and Arabic-Indic (U+0660..) digits.
      const unsigned char next = static_cast<unsigned char>(text[i + 1]);
      if ((c == 0xDB && next >= 0xB0 && next <= 0xB9) ||
          (c == 0xD9 && next >= 0xA0 && next <= 0xA9)) {
        ++digits;
      }
      ++i;
    }
  }
  return digits;
}

std::optional<int64_t> Rescale(int64_t value, int from_digits, int to_digits,
                               bool& rounded) {
  if (from_digits <= to_digits) {
    return CheckedMultiply(value, PowerOfTen(to_digits - from_digits));
  }
  if (from_digits - to_digits > 18) return std::nullopt;
  const int64_t divisor = PowerOfTen(from_digits - to_digits);
  int64_t quotient = value / divisor;
  const int64_t remainder = value % divisor;
  if (remainder == 0) return quotient;
  rounded = true;
  // |remainder| * 2 >= divisor, without overflowing.
  const int64_t magnitude = remainder < 0 ? -remainder : remainder;
  if (magnitude >= divisor - magnitude) quotient += value < 0 ? -1 : 1;
  return quotient;
}

Result<int64_t> ReadAmount(std::string_view text, const AmountFormat& format,
                           bool strict, bool& rounded) {
  auto exact = ParseAmount(text, format.minor_digits, format.unit.factor);
  if (exact.ok() || strict) return exact;
  const int decimals = DecimalsOf(text);
  if (decimals <= format.minor_digits) return exact;
  // More decimals than the currency has: read them all, then round once.
  VAFA_ASSIGN_OR_RETURN(int64_t scaled, ParseAmount(text, decimals, 1));
  auto in_unit = CheckedMultiply(scaled, format.unit.factor);
  if (!in_unit) return Status::Invalid("is too large");
  auto minor = Rescale(*in_unit, decimals, format.minor_digits, rounded);
  if (!minor) return Status::Invalid("is too large");
  return *minor;
}

Result<int64_t> LineTotal(std::string_view unit_price,
                          std::string_view quantity, const AmountFormat& format,
                          bool& rounded) {
  const int price_digits = DecimalsOf(unit_price);
  VAFA_ASSIGN_OR_RETURN(int64_t price, ParseAmount(unit_price, price_digits));
  int64_t count = 1;
  int count_digits = 0;
  if (!quantity.empty()) {
    const std::string ascii = AsciiQuantity(quantity);
    count_digits = DecimalsOf(ascii);
    auto parsed = ParseAmount(ascii, count_digits);
    if (!parsed.ok()) return Status::Invalid("quantity is not a number");
    count = *parsed;
  }
  const Status too_large =
      Status::Invalid(AmountOverflowMessage("quantity x unit price"));
  auto product = CheckedMultiply(price, count);
  if (!product) return too_large;
  product = CheckedMultiply(*product, format.unit.factor);
  if (!product) return too_large;
  auto minor = Rescale(*product, price_digits + count_digits,
                       format.minor_digits, rounded);
  if (!minor) return too_large;
  return *minor;
}

std::span<const FieldSpec> TransactionFieldSpecs() { return Specs(); }

Result<AmountFormat> AmountFormatFor(std::string_view currency_name) {
  AmountFormat format;
  VAFA_ASSIGN_OR_RETURN(format.unit, ResolveCurrencyUnit(currency_name));
  VAFA_ASSIGN_OR_RETURN(format.minor_digits,
                        CurrencyMinorDigits(format.unit.iso));
  return format;
}

namespace {

// amount = quantity x unit_price - discount + tax, for a line without an
// amount; `fail` names the column of a problem.
template <typename Fail>
void ComputeLineTotal(const ColumnMap& columns,
                      std::span<const std::string_view> fields,
                      const AmountFormat& format, std::string_view unit_price,
                      int64_t tax_minor, TransactionRow& row, Fail& fail) {
  std::string_view quantity = FieldAt(columns, fields, kTxQuantity);
  auto total = LineTotal(unit_price, quantity, format, row.rounded);
  if (!total.ok()) {
    fail(kTxUnitPrice, unit_price, total.status().message());
    return;
  }
  auto paid = CheckedAdd(*total, -row.discount_minor);
  if (paid) paid = CheckedAdd(*paid, tax_minor);
  if (!paid) {
    fail(kTxUnitPrice, unit_price, AmountOverflowMessage("the line total"));
    return;
  }
  row.amount_minor = *paid;
}

}  // namespace

bool ParseTransactionRecord(const ColumnMap& columns,
                            std::span<const std::string_view> fields,
                            const TransactionFormat& format, int64_t line,
                            TransactionRow& row, ImportErrors& errors) {
  const int64_t errors_before = errors.total();
  const std::span<const FieldSpec> specs = Specs();
  auto fail = [&](TransactionField field, std::string_view value,
                  std::string reason) {
    errors.Add(line, specs[field].name, value, std::move(reason));
  };

  row.customer_key = FieldAt(columns, fields, kTxCustomer);
  if (row.customer_key.empty() && !format.allow_anonymous) {
    fail(kTxCustomer, "", "is empty");
  }
  row.order_key = FieldAt(columns, fields, kTxOrder);
  if (row.order_key.empty()) fail(kTxOrder, "", "is empty");
  row.product_key = FieldAt(columns, fields, kTxProduct);
  if (row.product_key.empty()) fail(kTxProduct, "", "is empty");

  std::string_view date = FieldAt(columns, fields, kTxDate);
  auto at = ReadDate(format.date, date);
  if (at.ok()) {
    row.at = *at;
  } else {
    fail(kTxDate, date, at.status().message());
  }

  AmountFormat row_format = format.amount;
  if (columns.has(kTxCurrency)) {
    std::string_view currency = FieldAt(columns, fields, kTxCurrency);
    if (!currency.empty()) {
      auto unit = ResolveCurrencyUnit(currency);
      if (!unit.ok()) {
        fail(kTxCurrency, currency, unit.status().message());
      } else if (unit->iso != format.amount.unit.iso) {
        fail(kTxCurrency, currency,
             "differs from the import currency " + format.amount.unit.iso);
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
        ReadAmount(text, row_format, format.strict_amounts, row.rounded);
    if (!amount.ok()) {
      fail(field, text, amount.status().message());
      return false;
    }
    out = *amount;
    return true;
  };
  row.rounded = false;
  const std::string_view unit_price = FieldAt(columns, fields, kTxUnitPrice);
  const bool computed =
      FieldAt(columns, fields, kTxAmount).empty() && !unit_price.empty();
  if (!computed) parse_money(kTxAmount, row.amount_minor, true);
  parse_money(kTxDiscount, row.discount_minor, false);
  int64_t tax_minor = 0;
  parse_money(kTxTax, tax_minor, false);
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
  if (computed && errors.total() == errors_before)
    ComputeLineTotal(columns, fields, row_format, unit_price, tax_minor, row,
                     fail);
  row.product_name = FieldAt(columns, fields, kTxProductName);
  row.category = FieldAt(columns, fields, kTxCategory);
  row.channel = FieldAt(columns, fields, kTxChannel);
  row.branch = FieldAt(columns, fields, kTxBranch);
  return errors.total() == errors_before;
}

bool ParseTransactionRecord(const ColumnMap& columns,
                            std::span<const std::string_view> fields,
                            const AmountFormat& format, int64_t line,
                            TransactionRow& row, ImportErrors& errors) {
  TransactionFormat full;
  full.amount = format;
  return ParseTransactionRecord(columns, fields, full, line, row, errors);
}

}  // namespace vafa::import
