#include "analytics/quality/internal/iran_places.h"

#include <unordered_map>
#include <vector>

#include "core/persian_text.h"
#include "core/search_words.h"

namespace vafa::analytics::quality {
namespace {

// One province: its English name first, then its Persian name, then other
// spellings; its cities, each as its spellings separated by "|", the cities
// separated by ";". Capitals first.
struct ProvinceRow {
  const char* names;
  const char* cities;
};

constexpr ProvinceRow kProvinces[kProvinceCount] = {
    {"Tehran|تهران",
     "تهران|Tehran|Teheran;ری|Rey|Ray|Shahr-e Rey;اسلامشهر|Eslamshahr|"
     "Islamshahr;شهریار|Shahriar|Shahriyar;ورامین|Varamin;پاکدشت|Pakdasht;"
     "دماوند|Damavand;قدس|Qods|Shahr-e Qods;ملارد|Malard;رباط کریم|"
     "Robat Karim|Robatkarim;پردیس|Pardis;فیروزکوه|Firuzkuh"},
    {"Alborz|البرز",
     "کرج|Karaj;فردیس|Fardis;نظرآباد|Nazarabad;هشتگرد|Hashtgerd;"
     "ساوجبلاغ|Savojbolagh;طالقان|Taleqan|Taleghan;محمدشهر|Mohammadshahr"},
    {"Isfahan|اصفهان|Esfahan|Isfehan",
     "اصفهان|Isfahan|Esfahan;کاشان|Kashan;خمینی‌شهر|"
     "Khomeini "
     "Shahr|"
     "Khomeinishahr;نجف‌آباد|Najafabad;شاهین‌شهر|Shahin "
     "Shahr|Shahinshahr;"
     "شهرضا|Shahreza;گلپایگان|Golpayegan;نطنز|Natanz;فلاورجان|Falavarjan;"
     "مبارکه|Mobarakeh;آران و بیدگل|Aran va Bidgol;لنجان|Lenjan;"
     "زرین‌شهر|Zarrinshahr;خوانسار|Khansar;اردستان|"
     "Ardestan"},
    {"Razavi Khorasan|خراسان رضوی|Khorasan Razavi|Khorasan-e Razavi",
     "مشهد|Mashhad|Mashad;نیشابور|Neyshabur|Nishapur|Neishabour;سبزوار|"
     "Sabzevar;تربت حیدریه|Torbat-e Heydarieh|Torbat Heydariyeh;قوچان|"
     "Quchan|Ghouchan;کاشمر|Kashmar;چناران|Chenaran;تربت جام|Torbat-e Jam|"
     "Torbat Jam;گناباد|Gonabad;سرخس|Sarakhs"},
    {"North Khorasan|خراسان شمالی|Khorasan Shomali",
     "بجنورد|Bojnurd|Bojnord;شیروان|Shirvan;اسفراین|Esfarayen;"
     "جاجرم|Jajarm"},
    {"South Khorasan|خراسان جنوبی|Khorasan Jonubi",
     "بیرجند|Birjand;قائن|Qaen|Ghaen;طبس|Tabas;فردوس|Ferdows;نهبندان|"
     "Nehbandan"},
    {"Fars|فارس|Pars",
     "شیراز|Shiraz;مرودشت|Marvdasht;جهرم|Jahrom;کازرون|Kazerun|Kazeroon;"
     "فسا|Fasa;داراب|Darab;لار|Lar;آباده|Abadeh;فیروزآباد|Firuzabad|"
     "Firouzabad;نی‌ریز|Neyriz;اقلید|Eqlid"},
    {"East Azerbaijan|آذربایجان شرقی|Azarbaijan-e Sharqi|Azerbaijan Sharghi",
     "تبریز|Tabriz;مراغه|Maragheh|Maragha;مرند|Marand;میانه|Mianeh|Miyaneh;"
     "اهر|Ahar;بناب|Bonab;سراب|Sarab;شبستر|Shabestar;"
     "عجب‌شیر|"
     "Ajabshir"},
    {"West Azerbaijan|آذربایجان غربی|Azarbaijan-e Gharbi|Azerbaijan Gharbi",
     "ارومیه|Urmia|Orumiyeh|Oroumieh;خوی|Khoy;مهاباد|Mahabad;بوکان|Bukan|"
     "Boukan;میاندوآب|Miandoab;سلماس|Salmas;نقده|Naqadeh|Naghadeh;"
     "پیرانشهر|Piranshahr;ماکو|Maku;سردشت|Sardasht"},
    {"Ardabil|اردبیل|Ardebil",
     "اردبیل|Ardabil|Ardebil;پارس‌آباد|Parsabad|Pars "
     "Abad;مشگین‌شهر|"
     "Meshginshahr|Meshkinshahr;خلخال|Khalkhal;گرمی|Germi"},
    {"Khuzestan|خوزستان",
     "اهواز|Ahvaz|Ahwaz;آبادان|Abadan;دزفول|Dezful;خرمشهر|Khorramshahr;"
     "اندیمشک|Andimeshk;بهبهان|Behbahan;شوشتر|Shushtar;ماهشهر|Mahshahr|"
     "Bandar Mahshahr;ایذه|Izeh;مسجد سلیمان|Masjed Soleyman|"
     "Masjed-e Soleyman;شوش|Shush;رامهرمز|Ramhormoz"},
    {"Kermanshah|کرمانشاه",
     "کرمانشاه|Kermanshah;اسلام‌آباد غرب|Eslamabad-e "
     "Gharb|Eslamabad "
     "Gharb;"
     "کنگاور|Kangavar;هرسین|Harsin;سنقر|Sonqor|Songhor;پاوه|Paveh;"
     "سرپل ذهاب|Sarpol-e Zahab;جوانرود|Javanrud"},
    {"Kerman|کرمان",
     "کرمان|Kerman;سیرجان|Sirjan;رفسنجان|Rafsanjan;جیرفت|Jiroft;بم|Bam;"
     "زرند|Zarand;کهنوج|Kahnuj;شهربابک|Shahr-e Babak|Shahrbabak"},
    {"Gilan|گیلان|Guilan",
     "رشت|Rasht;بندر انزلی|Bandar Anzali|Anzali;لاهیجان|Lahijan;لنگرود|"
     "Langarud|Langeroud;آستارا|Astara;تالش|Talesh;رودسر|Rudsar|Roudsar;"
     "صومعه‌سرا|Sowme'eh Sara|Someh Sara;فومن|Fuman;آستانه "
     "اشرفیه|"
     "Astaneh-ye Ashrafiyeh"},
    {"Mazandaran|مازندران",
     "ساری|Sari;بابل|Babol;آمل|Amol;قائم‌شهر|Qaem "
     "Shahr|Ghaemshahr|"
     "Qaemshahr;بهشهر|Behshahr;چالوس|Chalus;تنکابن|Tonekabon;نوشهر|"
     "Nowshahr|Noshahr;رامسر|Ramsar;بابلسر|Babolsar;نکا|Neka"},
    {"Golestan|گلستان",
     "گرگان|Gorgan;گنبد کاووس|Gonbad-e Kavus|Gonbad Kavus|Gonbad;"
     "علی‌آباد کتول|Aliabad Katul|Aliabad;بندر "
     "ترکمن|Bandar "
     "Torkaman;"
     "آق‌قلا|Aq "
     "Qala|Aghghala;کردکوی|Kordkuy;آزادشهر|Azadshahr"},
    {"Semnan|سمنان",
     "سمنان|Semnan;شاهرود|Shahrud|Shahroud;دامغان|Damghan;گرمسار|Garmsar"},
    {"Qom|قم|Ghom", "قم|Qom|Ghom"},
    {"Markazi|مرکزی",
     "اراک|Arak;ساوه|Saveh;خمین|Khomein;محلات|Mahallat;دلیجان|Delijan;"
     "تفرش|Tafresh;شازند|Shazand"},
    {"Qazvin|قزوین|Ghazvin",
     "قزوین|Qazvin|Ghazvin;تاکستان|Takestan;بوئین‌زهرا|"
     "Buin "
     "Zahra|"
     "Bouin Zahra;آبیک|Abyek"},
    {"Zanjan|زنجان",
     "زنجان|Zanjan;ابهر|Abhar;خرمدره|Khorramdarreh;قیدار|Qeydar|Gheydar"},
    {"Hamadan|همدان|Hamedan",
     "همدان|Hamadan|Hamedan;ملایر|Malayer;نهاوند|Nahavand;تویسرکان|"
     "Tuyserkan|Toyserkan;اسدآباد|Asadabad;کبودرآهنگ|Kabudarahang"},
    {"Kurdistan|کردستان|Kordestan",
     "سنندج|Sanandaj;سقز|Saqqez|Saghez;مریوان|Marivan;بانه|Baneh;بیجار|"
     "Bijar;قروه|Qorveh|Ghorveh;کامیاران|Kamyaran"},
    {"Lorestan|لرستان",
     "خرم‌آباد|Khorramabad;بروجرد|Borujerd|Boroujerd;دورود|"
     "Dorud|"
     "Doroud;"
     "الیگودرز|Aligudarz;کوهدشت|Kuhdasht|Kouhdasht;ازنا|Azna;"
     "نورآباد|Nurabad"},
    {"Ilam|ایلام",
     "ایلام|Ilam;دهلران|Dehloran;ایوان|Eyvan;آبدانان|Abdanan;مهران|Mehran"},
    {"Chaharmahal and Bakhtiari|چهارمحال و بختیاری|Chaharmahal Bakhtiari|"
     "Chaharmahal va Bakhtiari",
     "شهرکرد|Shahrekord|Shahr-e Kord;بروجن|Borujen|Boroujen;فارسان|Farsan;"
     "لردگان|Lordegan"},
    {"Kohgiluyeh and Boyer-Ahmad|کهگیلویه و بویراحمد|"
     "Kohgiluyeh va Boyer-Ahmad|Kohgiluyeh Boyer-Ahmad",
     "یاسوج|Yasuj|Yasouj;دوگنبدان|Dogonbadan|Gachsaran;دهدشت|Dehdasht;"
     "لیکک|Likak"},
    {"Bushehr|بوشهر|Bushire",
     "بوشهر|Bushehr|Bushire;برازجان|Borazjan;گناوه|Genaveh|Bandar Genaveh;"
     "کنگان|Kangan;عسلویه|Asaluyeh|Assaluyeh;دیلم|Deylam;جم|Jam;دیر|Deyr"},
    {"Hormozgan|هرمزگان",
     "بندرعباس|Bandar Abbas|Bandarabbas;قشم|Qeshm|Gheshm;کیش|Kish;میناب|"
     "Minab;بندر لنگه|Bandar Lengeh|Lengeh;جاسک|Jask;رودان|Rudan;"
     "حاجی‌آباد|Hajiabad"},
    {"Sistan and Baluchestan|سیستان و بلوچستان|Sistan va Baluchestan|"
     "Sistan Baluchestan",
     "زاهدان|Zahedan;زابل|Zabol;چابهار|Chabahar;ایرانشهر|Iranshahr;خاش|"
     "Khash;سراوان|Saravan;نیکشهر|Nikshahr"},
    {"Yazd|یزد",
     "یزد|Yazd;میبد|Meybod;اردکان|Ardakan;بافق|Bafq|Bafgh;مهریز|Mehriz;"
     "ابرکوه|Abarkuh|Abarkouh;تفت|Taft"},
};

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(separator, start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

struct PlaceTable {
  std::unordered_map<std::string, int> provinces;
  std::unordered_map<std::string, std::vector<int>> cities;

  PlaceTable() {
    for (int province = 0; province < kProvinceCount; ++province) {
      for (std::string_view name : Split(kProvinces[province].names, '|')) {
        provinces.emplace(PlaceKey(name), province);
      }
      for (std::string_view city : Split(kProvinces[province].cities, ';')) {
        for (std::string_view name : Split(city, '|')) {
          std::vector<int>& in = cities[PlaceKey(name)];
          if (in.empty() || in.back() != province) in.push_back(province);
        }
      }
    }
  }
};

const PlaceTable& Table() {
  static const PlaceTable table;
  return table;
}

std::string_view NameAt(int province, size_t position) {
  if (province < 0 || province >= kProvinceCount) return "";
  std::vector<std::string_view> names = Split(kProvinces[province].names, '|');
  return position < names.size() ? names[position] : "";
}

}  // namespace

std::string PlaceKey(std::string_view name) {
  const std::string folded = NormalizeForSearch(name);
  std::string key;
  key.reserve(folded.size());
  constexpr std::string_view kAlefMadda = "\xD8\xA2";  // آ
  constexpr std::string_view kAlef = "\xD8\xA7";       // ا
  for (size_t i = 0; i < folded.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(folded[i]);
    if (c < 0x80) {
      // Spaces (and ZWNJ, which folding turned into a space), hyphens and
      // apostrophes separate or join the same words differently.
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) key += folded[i];
      continue;
    }
    if (std::string_view(folded).substr(i, 2) == kAlefMadda) {
      key += kAlef;
      ++i;
      continue;
    }
    key += folded[i];
  }
  return key;
}

int ProvinceNamed(std::string_view name) {
  // "استان فارس", "Fars Province", "Ostan-e Fars": without the word.
  std::string kept;
  for (const std::string& word : SearchWords(name)) {
    const std::string key = PlaceKey(word);
    if (key == PlaceKey("استان") || key == "ostan" || key == "ostane" ||
        key == "province") {
      continue;
    }
    kept += word + " ";
  }
  const PlaceTable& table = Table();
  auto found = table.provinces.find(PlaceKey(kept));
  return found == table.provinces.end() ? kNoProvince : found->second;
}

std::span<const int> ProvincesOfCity(std::string_view city) {
  const PlaceTable& table = Table();
  auto found = table.cities.find(PlaceKey(city));
  if (found == table.cities.end()) return {};
  return found->second;
}

std::string_view ProvinceEnglishName(int province) {
  return NameAt(province, 0);
}

std::string_view ProvincePersianName(int province) {
  return NameAt(province, 1);
}

}  // namespace vafa::analytics::quality
