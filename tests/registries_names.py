"""Made-up people for registry tests and benchmarks: realistic Russian first names, surnames and
patronymics (written here, not copied from any list), combined into ``Фамилия Имя Отчество``,
with their case forms worked out by hand (regular declensions only), so a test of the
declension-aware matcher does not use the matcher's own morphology to build its expectations.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# male names ending in a hard consonant: gen +а, dat +у, ins +ом, prep +е
MALE = ["Иван", "Борис", "Денис", "Глеб", "Степан", "Тимур", "Руслан", "Вадим", "Максим", "Кирилл",
        "Олег", "Марат", "Артур", "Эдуард", "Леонид", "Богдан", "Ростислав", "Станислав", "Святослав",
        "Арсен", "Давид", "Герман", "Филипп", "Платон", "Семён", "Фёдор", "Егор", "Захар",
        "Марк", "Назар", "Тарас", "Федот", "Ефим"]
# female names in -а after a hard consonant: gen -ы, dat/prep -е, ins -ой
FEMALE = ["Анна", "Алина", "Марина", "Ирина", "Елена", "Светлана", "Полина", "Кристина", "Диана",
          "Зарина", "Карина", "Регина", "Эльвира", "Тамара", "Галина", "Алёна", "Снежана", "Милена"]
# surnames in -ов/-ев/-ин (male); the female form adds -а
SURNAMES = ["Берестов", "Голованов", "Дроздов", "Ермолаев", "Жихарев", "Завьялов", "Игнатьев",
            "Калашников", "Ларионов", "Мартынов", "Никифоров", "Овчинников", "Пестов", "Рыбаков",
            "Селиверстов", "Тихомиров", "Ушаков", "Фомин", "Хабаров", "Цыганов", "Чернышев", "Шубин",
            "Щеглов", "Юдин", "Яхонтов", "Бахтин", "Веденеев", "Гурьянов", "Демидов", "Евстигнеев",
            "Заболотин", "Корнилов", "Лукин", "Мосолов", "Носков", "Осокин", "Прохоров", "Рогов",
            "Сабуров", "Трегубов", "Абрамов", "Бурлаков", "Воронин", "Горшков", "Давыдов", "Елисеев",
            "Журавлёв", "Зимин", "Исаев", "Капустин", "Лихачёв", "Медведев", "Нестеров", "Осипов",
            "Панкратов", "Родионов", "Самсонов", "Тимофеев", "Уваров", "Фадеев", "Харитонов", "Царёв",
            "Чистяков", "Шарапов", "Яковлев", "Агафонов", "Блинов", "Вавилов", "Гаврилин", "Дьячков",
            "Ефремов", "Жуков", "Зуев", "Ильин", "Кудрявцев", "Лаврентьев", "Мухин", "Некрасов", "Одинцов",
            "Пономарёв", "Рябинин", "Симонов", "Третьяков", "Уткин", "Филатов", "Хохлов", "Чеботарёв",
            "Шестаков", "Щукин", "Ясинов", "Арсеньев", "Быстров", "Веселов", "Громов", "Дорофеев",
            "Ершов", "Золотарёв", "Калинин", "Лаптев", "Мельников", "Новосёлов", "Оленин", "Пахомов"]
# patronymics from hard-consonant names: male -ович (+а, +у, +ем, +е), female -овна (-ы, -е, -ой, -е)
PATRONYMIC_BASES = ["Иван", "Борис", "Денис", "Глеб", "Степан", "Тимур", "Руслан", "Вадим", "Максим",
                    "Олег", "Марат", "Артур", "Леонид", "Богдан", "Давид", "Герман", "Платон", "Роман"]

CASES = ("nom", "gen", "dat", "ins", "prep")


@dataclass(frozen=True)
class Person:
    surname: str
    name: str
    patronymic: str
    female: bool

    @property
    def register_name(self) -> str:
        return f"{self.surname} {self.name} {self.patronymic}"

    def form(self, case: str, word: str) -> str:
        """One word of the name in a case (regular endings only)."""
        if case == "nom":
            return word
        if self.female:
            if word.endswith("ова") or word.endswith("ева") or word.endswith("ина"):  # surname
                return word[:-1] + {"gen": "ой", "dat": "ой", "ins": "ой", "prep": "ой"}[case]
            if word.endswith("на") and word == self.patronymic:
                return word[:-1] + {"gen": "ы", "dat": "е", "ins": "ой", "prep": "е"}[case]
            return word[:-1] + {"gen": "ы", "dat": "е", "ins": "ой", "prep": "е"}[case]
        if word == self.surname:
            return word + {"gen": "а", "dat": "у", "ins": "ым", "prep": "е"}[case]
        if word == self.patronymic:
            return word + {"gen": "а", "dat": "у", "ins": "ем", "prep": "е"}[case]
        return word + {"gen": "а", "dat": "у", "ins": "ом", "prep": "е"}[case]

    def in_case(self, case: str, order: str = "name surname") -> str:
        parts = {"name": self.name, "surname": self.surname, "patronymic": self.patronymic}
        return " ".join(self.form(case, parts[w]) for w in order.split())


def people(n: int, seed: int = 7) -> list[Person]:
    """``n`` made-up people, no two with the same surname and first name (same seed, same people)."""
    rnd = random.Random(seed)
    out: dict[str, Person] = {}
    while len(out) < n:
        female = rnd.random() < 0.4
        sur = rnd.choice(SURNAMES)
        base = rnd.choice(PATRONYMIC_BASES)
        if female:
            p = Person(sur + "а", rnd.choice(FEMALE), base + "овна", True)
        else:
            p = Person(sur, rnd.choice(MALE), base + "ович", False)
        out.setdefault(f"{p.surname} {p.name}", p)
    return list(out.values())


SENTENCES = {
    "nom": "Вчера {x} выступил на конференции в Новосибирске.",
    "gen": "Журналисты взяли интервью у {x} после заседания.",
    "dat": "Редакция направила вопросы {x} ещё в понедельник.",
    "ins": "Мы встретились с {x} в кафе на набережной.",
    "prep": "В статье шла речь о {x} и его проектах.",
}

# prose of common words, with lower-case words that are also names or name stems (вера, надежда,
# любовь, лев, роман, орлов, глеб is not a word but "хлеб" is near), surnames alone (namesakes are
# not matched), and first names alone
COMMON_TEXT = (
    "Вера в лучшее и надежда на перемены помогали жителям пережить зиму. Любовь к родному городу "
    "не угасала, хотя роман с новыми властями так и не сложился. В зоопарке показали льва и орла, "
    "а дети кормили голубей хлебом. Жители пожаловались на отключения воды, дороги и транспорт; "
    "администрация обещала ремонт, новые трубы и фонари к осени. Рыбаков на реке стало больше, "
    "ушаков и дроздов в лесу меньше. Кирилл сказал, что Иван придёт позже, а Марина и Анна уже ждут. "
    "Голованов, Берестов и Фомин — частые фамилии в этих краях, но никто из них не пришёл на встречу. "
    "Степан спросил у Тимура дорогу к вокзалу. Максимум через час начнётся концерт в парке. "
    "Пестов переулок и Лукин мост отремонтируют летом, сообщил глава района."
)
