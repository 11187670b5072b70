"""Page words as data: the lines of a page that are not release text, in every covered language.

Field labels of CMS field dumps, "not found" phrases, separators, share / download / "read more" stubs,
bylines, captions and credits, section labels, interface labels, and the names themes give their chrome
containers. Each list is keyed by language; :func:`patterns` compiles them once (and again after
:func:`rebuild`), so adding a label or a language is one line here. Every reader of page words (blocks,
boilerplate, units, releases) takes its patterns from :func:`patterns`.

Every pattern stays linear on long hostile input: alternations of literal words, anchored at the start
of a line or bounded by word edges, and no nested quantifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from iomcrawl.extraction.vocabulary import Words, alternation, every, initials
from iomcrawl.extraction.vocabulary.contacts import EMAIL_LABELS, FAX_LABELS, MOBILE_LABELS, PHONE_LABELS
from iomcrawl.extraction.vocabulary.dates import POSTED
from iomcrawl.extraction.vocabulary.people import HONORIFICS

# Field labels that are only labels when a colon or the end of the line follows ('Region:', 'Tags'):
# as the first word of a sentence they mean something else ('Country offices have …').
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "en": (
        "Image", "Themes", "Theme", "Categories", "Category", "Parent Category", "Default", "Multimedia",
        "Tags", "Tag", "Source", "Updated", "URL", "Hits", "Published", "Created", "Details", "Country",
        "Countries", "Format", "Region", "Date", "Type", "Topics", "Topic", "Document type", "Origin",
        "Reporting period", "Author", "Authors", "Filed under", "Keywords", "Related topics",
    ),
    "fr": (
        "Catégories", "Catégorie", "Étiquettes", "Mots clés", "Publié", "Région", "Pays", "Thèmes", "Thème",
        "Type", "Source", "Sujets", "Auteur", "Date de publication",
    ),
    "es": (
        "Categorías", "Categoría", "Etiquetas", "Idioma", "Publicado", "Región", "País", "Temas", "Tema",
        "Fuente", "Tipo", "Autor", "Palabras clave",
    ),
    "pt": (
        "Categorias", "Categoria", "Etiquetas", "Tags", "Idioma", "Publicado", "Região", "País", "Temas",
        "Tema", "Fonte", "Tipo", "Autor", "Palavras-chave",
    ),
    "de": (
        "Kategorien", "Kategorie", "Schlagworte", "Schlagwörter", "Sprache", "Veröffentlicht", "Region",
        "Land", "Themen", "Thema", "Quelle", "Typ", "Autor", "Zugriffe", "Erstellt",
    ),
    "it": (
        "Categorie", "Categoria", "Tag", "Lingua", "Pubblicato", "Regione", "Paese", "Temi", "Tema", "Fonte",
        "Tipo", "Autore",
    ),
    "ar": ("التصنيفات", "التصنيف", "الوسوم", "اللغة", "المصدر", "البلد", "المنطقة", "الموضوع", "النوع"),
    "ru": (
        "Категория", "Категории", "Теги", "Метки", "Язык", "Опубликовано", "Регион", "Страна", "Темы",
        "Тема", "Источник", "Тип", "Просмотров", "Описание", "Подробности",
    ),
}  # fmt: skip

# Field labels that mark a header line wherever they start it, value glued or not
# ('Region-Country: Africa…', 'Posted: Tuesday…', 'Language English').
FIELD_PREFIXES: dict[str, tuple[str, ...]] = {
    "en": (
        "Language", "Posted", "Region-Country", "Press Release Type", "Subscribe to", "Originally published",
        "News and Press Release", "Written by", "Last Updated", "Date of publication", "Publication date",
    ),
    "fr": ("Langue", "Région-Pays", "Type de communiqué", "Mots-clés", "Publié le", "Publié initialement"),
    "es": ("Región-País", "Region-Pais", "Tipo de comunicado", "Publicado el"),
    "pt": ("Região-País", "Tipo de comunicado", "Publicado em"),
    "de": ("Veröffentlicht", "Zuletzt aktualisiert"),
    "it": ("Pubblicato", "Regione-Paese"),
    "ar": ("نشر في", "تاريخ النشر"),
    "ru": ("Опубликовано", "Обновлено"),
}  # fmt: skip

# 'Page not found' and its kin: an error page served with a 200.
NOT_FOUND: dict[str, tuple[str, ...]] = {
    "en": ("Page not found", "not found", "404", "Error 404", "This page does not exist", "Oops"),
    "fr": ("Page introuvable", "Page non trouvée", "Cette page n'existe pas", "Erreur 404"),
    "es": ("Página no encontrada", "Error 404", "La página no existe"),
    "pt": ("Página não encontrada", "Erro 404", "A página não existe"),
    "de": ("Seite nicht gefunden", "Diese Seite gibt es nicht", "Diese Seite gibt es leider nicht", "Fehler 404"),
    "it": ("Pagina non trovata", "Errore 404", "La pagina non esiste"),
    "ar": ("الصفحة غير موجودة", "الصفحة المطلوبة غير موجودة", "خطأ 404"),
    "ru": ("Страница не найдена", "Ошибка 404"),
}  # fmt: skip

# Lines after which nothing belongs to the release above: press-release end marks.
SEPARATORS: dict[str, tuple[str, ...]] = {
    "en": ("###", "# # #", "-30-", "- 30 -", "ENDS", "-ENDS-", "- ENDS -", "END", "***"),
    "fr": ("FIN", "-FIN-", "- FIN -"),
    "es": ("FIN", "-FIN-", "- FIN -"),
    "pt": ("FIM", "-FIM-"),
    "de": ("ENDE", "-ENDE-"),
    "it": ("FINE", "-FINE-"),
    "ar": ("انتهى", "-انتهى-"),
    "ru": ("КОНЕЦ",),
}  # fmt: skip

# Words opening a download or share stub ('Download the statement (PDF)'): a stub is never body.
DOWNLOAD_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("Download", "Downloads", "Open the", "View the", "See the full"),
    "fr": ("Télécharger", "Téléchargez", "Consulter le", "Voir le"),
    "es": ("Descargar", "Descargue", "Descarga", "Ver el"),
    "pt": ("Baixar", "Descarregar", "Download", "Ver o"),
    "de": ("Herunterladen", "Download", "Hier herunterladen"),
    "it": ("Scarica", "Scaricare", "Download"),
    "ar": ("تحميل", "تنزيل", "حمّل"),
    "ru": ("Скачать", "Загрузить"),
}  # fmt: skip

# 'Read more' links that end a teaser, or stand alone.
READ_MORE: dict[str, tuple[str, ...]] = {
    "en": ("Read more", "Read on", "Read the full story", "Continue reading", "Learn more", "More"),
    "fr": ("Lire la suite", "Lire plus", "En savoir plus", "Suite"),
    "es": ("Leer más", "Seguir leyendo", "Ver más", "Más"),
    "pt": ("Leia mais", "Ler mais", "Continuar a ler", "Saiba mais"),
    "de": ("Weiterlesen", "Mehr lesen", "Mehr"),
    "it": ("Leggi tutto", "Leggi di più", "Continua a leggere", "Leggi"),
    "ar": ("اقرأ المزيد", "المزيد"),
    "ru": ("Читать далее", "Подробнее", "Читать полностью"),
}  # fmt: skip

# Promotions and ad labels between or after body paragraphs: 'READ ALSO: …', 'Advertisement'.
PROMO_PREFIXES: dict[str, tuple[str, ...]] = {
    "en": (
        "Read also", "Also read", "Read more", "See also", "Related", "Related coverage", "Related story",
        "Related stories", "Related articles", "More on this story", "Advertisement", "Story continues below",
        "Sponsored", "Sign up", "Subscribe", "Skip advertisement",
    ),
    "fr": ("Lire aussi", "À lire aussi", "A lire aussi", "Lire également", "Publicité", "Voir aussi", "Abonnez-vous"),
    "es": ("Leer también", "Lea también", "Lee también", "Publicidad", "Más información", "Seguir leyendo", "Ver también"),
    "pt": ("Leia também", "Leia mais", "Ler mais", "Publicidade", "Veja também", "Vídeos"),
    "de": ("Lesen Sie auch", "Mehr zum Thema", "Anzeige", "Werbung", "Auch interessant"),
    "it": ("Leggi anche", "Pubblicità", "Potrebbe interessarti", "Vedi anche"),
    "ar": ("اقرأ أيضا", "اقرأ أيضاً", "إعلان", "اقرأ المزيد"),
    "ru": ("Читайте также", "Реклама", "Смотрите также", "Как писал"),
}  # fmt: skip

# Bylines: 'By Maria Lopez, IOM Kenya' is a credit line, never a headline or body.
BYLINE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("By", "Written by", "Words by", "Story by"),
    "fr": ("Par",),
    "es": ("Por",),
    "pt": ("Por",),
    "de": ("Von",),
    "it": ("Di",),
    "ar": ("بقلم", "كتب"),
    "ru": ("Автор", "Авторы", "Текст"),
}  # fmt: skip

# Caption and photo-credit words, before a colon ('Photo: IOM 2017'); '©' is a credit in any language.
CAPTION_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("Photo", "Photos", "Photo credit", "Credit", "Image", "Picture"),
    "fr": ("Photo", "Crédit", "Crédit photo", "Crédits"),
    "es": ("Foto", "Fotos", "Crédito", "Fotografía"),
    "pt": ("Foto", "Fotos", "Crédito"),
    "de": ("Foto", "Bild", "Bildquelle"),
    "it": ("Foto", "Credito"),
    "ar": ("صورة", "الصورة", "تصوير"),
    "ru": ("Фото",),
}  # fmt: skip

# Photo credits written after the photographer's name ('新华夏网记者 杨晓燕 摄'): a caption, never body.
CAPTION_SUFFIXES: dict[str, tuple[str, ...]] = {
    "zh": ("摄", "摄影"),
    "ja": ("撮影",),
}  # fmt: skip

# End marks written at the end of a body's last paragraph, not on a line of their own ('…他说。（完）').
BODY_END_MARKS: dict[str, tuple[str, ...]] = {
    "zh": ("（完）", "(完)", "（终）"),
}  # fmt: skip

# End matter after an article's last paragraph: paywall and newsletter prompts, appeals for support,
# rights notices, a reporter's contact line. A short trailing paragraph holding one is not body.
END_MATTER: dict[str, tuple[str, ...]] = {
    "en": (
        "All rights reserved", "may not be published", "may not be reproduced", "may not be redistributed",
        "solely responsible for all content", "appears in print on", "Subscribe", "subscription",
        "newsletter", "Sign up", "to your inbox", "free article limit", "support our journalism",
        "funded by readers", "Thanks for reading", "Delivered weekly", "Delivered daily",
        "can be reached at", "Comments are closed", "unlimited access", "For the latest news", "Our Standards:",
    ),
    "fr": (
        "Tous droits réservés", "Reproduction interdite", "Abonnez-vous", "abonnement", "newsletter",
        "lettre d'information", "réservé aux abonnés",
    ),
    "es": (
        "Todos los derechos reservados", "prohibida la redistribución", "prohibida su reproducción",
        "Suscríbete", "suscripción", "boletín", "newsletter", "comentarios están deshabilitados",
    ),
    "pt": ("Todos os direitos reservados", "exclusivo para assinantes", "Assine", "newsletter"),
    "de": ("Alle Rechte vorbehalten", "abonnieren", "Abonnement", "Newsletter", "Über dieses Thema berichtete"),
    "it": ("Riproduzione riservata", "Tutti i diritti riservati", "Iscriviti", "newsletter", "abbonati"),
    "ar": ("جميع الحقوق محفوظة", "اشترك"),
    "ru": ("Все права защищены", "Подпишитесь", "подписка", "поддержке читателей", "пожертвование"),
}  # fmt: skip

# A reporter's bio after an article ('Kamau covers East Africa for …', '… é jornalista da secção Local'):
# the trade, within the paragraph's first words.
REPORTER_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("reporter", "correspondent", "journalist", "editor", "columnist", "staff writer", "covers"),
    "fr": ("journaliste", "correspondant", "correspondante", "rédacteur", "rédactrice"),
    "es": ("periodista", "corresponsal", "redactor", "redactora"),
    "pt": ("jornalista", "correspondente", "repórter", "redator", "redatora"),
    "de": ("Redakteur", "Redakteurin", "Korrespondent", "Korrespondentin", "Journalist", "Journalistin"),
    "it": ("giornalista", "corrispondente", "redattore", "redattrice"),
    "ru": ("журналист", "журналистка", "корреспондент", "редактор"),
}  # fmt: skip

# 'Last updated ( 07.04.2010 )' after a body: a page stamp, not body.
LAST_UPDATED: dict[str, tuple[str, ...]] = {
    "en": ("Last updated", "Last modified", "Updated on", "Page updated"),
    "fr": ("Dernière mise à jour", "Mis à jour le"),
    "es": ("Última actualización", "Actualizado el"),
    "pt": ("Última atualização", "Última actualização", "Atualizado em"),
    "de": ("Zuletzt aktualisiert", "Letzte Aktualisierung", "Aktualisiert am"),
    "it": ("Ultimo aggiornamento", "Aggiornato il"),
    "ar": ("آخر تحديث",),
    "ru": ("Последнее обновление", "Обновлено"),
}  # fmt: skip

# Operational documents that look like news (a title, a date, a contact sentence) but are not releases.
DOCUMENT_TYPES: dict[str, tuple[str, ...]] = {
    "en": ("Situation Report", "Sitrep", "Flash Update", "Dashboard", "Snapshot", "Factsheet", "Fact sheet"),
    "fr": ("Rapport de situation", "Tableau de bord", "Fiche d'information"),
    "es": ("Informe de situación", "Reporte de situación", "Tablero"),
    "pt": ("Relatório de situação", "Painel"),
    "de": ("Lagebericht", "Situationsbericht"),
    "it": ("Rapporto di situazione", "Rapporto sulla situazione"),
    "ar": ("تقرير الوضع", "تقرير عن الوضع"),
    "ru": ("Ситуационный отчет", "Оперативная сводка"),
}  # fmt: skip

# Section and listing labels: headline-shaped, never a release's headline.
SECTION_LABELS: dict[str, tuple[str, ...]] = {
    "en": (
        "News", "Global", "Local", "Press release", "Press releases", "Press briefing note",
        "Press briefing notes", "Contents", "Latest news", "Related content", "Situation overview",
        "Overview", "Highlights", "Key points", "Background", "Summary", "Top stories", "Most read",
        "Related stories", "Related articles", "More stories", "Recent posts", "Archives", "Comments",
    ),
    "fr": (
        "Communiqué", "Communiqués", "Communiqué de presse", "Communiqués de presse", "Note de presse",
        "Notes de presse", "Sommaire", "Actualités", "Articles similaires", "À la une",
    ),
    "es": (
        "Comunicado", "Comunicados", "Comunicado de prensa", "Comunicados de prensa", "Nota de prensa",
        "Notas de prensa", "Contenido", "Noticias", "Noticias relacionadas", "Lo más leído",
    ),
    "pt": (
        "Comunicado", "Comunicado de imprensa", "Comunicado à imprensa", "Nota de imprensa", "Notas à imprensa",
        "Notícias", "Notícias relacionadas", "Mais lidas",
    ),
    "de": ("Pressemitteilung", "Pressemitteilungen", "Presseerklärung", "Nachrichten", "Meistgelesen", "Mehr zum Thema"),
    "it": ("Comunicato", "Comunicato stampa", "Comunicati stampa", "Notizie", "Contenuti correlati", "Più letti"),
    "ar": ("أخبار", "بيان صحفي", "بيانات صحفية", "أخبار ذات صلة", "الأكثر قراءة"),
    "ru": ("Новости", "Пресс-релиз", "Пресс-релизы", "Последние новости", "Самое читаемое"),
}  # fmt: skip
# A section label may name its part of the site after a dash ('Notes de presse - Afrique et Moyen-Orient',
# 'Press releases – Asia'): a few words, never a headline's length.
SECTION_PART_MAX_WORDS = 4

# Words of share bars, widget labels and archive navigation: a line of nothing else is interface.
UI_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "Share", "Share this", "Share on", "Tweet", "Facebook", "Twitter", "X", "LinkedIn", "Email", "E-mail",
        "Print", "WhatsApp", "Telegram", "Reddit", "Pinterest", "Copy link", "Instagram", "YouTube", "Flickr",
        "Save", "Comment", "Comments", "Listen", "Follow", "Follow us", "this", "on", "via", "Print this page",
        "Email this page", "Bookmark", "Messenger", "Bluesky", "Mastodon", "Threads", "VK", "OK",
    ),
    "fr": ("Partager", "Partagez", "Imprimer", "Envoyer", "Courriel", "sur", "cet article"),
    "es": ("Compartir", "Imprimir", "Enviar", "Guardar", "en"),
    "pt": ("Partilhar", "Compartilhar", "Imprimir", "Enviar", "Guardar", "no"),
    "de": ("Teilen", "Drucken", "Senden", "Merken", "auf"),
    "it": ("Condividi", "Stampa", "Invia", "Salva", "su"),
    "ar": ("مشاركة", "شارك", "طباعة", "أرسل"),
    "ru": ("Поделиться", "Печать", "Отправить", "ВКонтакте", "Одноклассники"),
}  # fmt: skip

# Interface lines recognised by how they start: archive navigation, skip links, 'Share this: …'.
UI_PREFIXES: dict[str, tuple[str, ...]] = {
    "en": (
        "Messages sorted by", "Previous message", "Next message", "More information about the",
        "Skip to content", "Skip to main content", "Share this", "Share on", "Back to top", "You are here",
        "Unable to see images", "Print me", "Next article", "Previous article", "Next post", "Previous post",
    ),
    "fr": ("Aller au contenu", "Article précédent", "Article suivant", "Vous êtes ici"),
    "es": ("Pasar al contenido", "Saltar al contenido", "Ir al contenido", "Artículo anterior", "Artículo siguiente"),
    "pt": ("Pular para o conteúdo", "Saltar para o conteúdo", "Artigo anterior", "Próximo artigo"),
    "de": ("Zum Inhalt springen", "Direkt zum Inhalt", "Vorheriger Artikel", "Nächster Artikel"),
    "it": ("Salta al contenuto", "Vai al contenuto", "Articolo precedente", "Articolo successivo"),
    "ar": ("انتقل إلى المحتوى", "المقال السابق", "المقال التالي"),
    "ru": ("Перейти к содержимому", "Предыдущая статья", "Следующая статья"),
}  # fmt: skip

# Whole lines that are site chrome in a text rendering or a list item (menus flattened into text).
CHROME_LINES: dict[str, tuple[str, ...]] = {
    "en": (
        "skip to content", "skip to main content", "share this", "share this:", "share", "print",
        "print this page", "email this page", "read more", "read on", "back to top", "related content",
        "related links", "languages", "footer", "search", "menu", "main menu", "you are here", "facebook",
        "twitter", "linkedin", "instagram", "youtube", "flickr", "whatsapp", "email", "donate", "main banner",
        "follow us", "sustainable development goals", "print me subscribe", "‹ previous", "next ›",
        "last »", "-",
    ),
    "fr": ("partager", "lire la suite", "contenu associé", "donner", "imprimer"),
    "es": ("compartir", "leer más", "contenido relacionado", "donar", "imprimir"),
    "pt": ("partilhar", "compartilhar", "leia mais", "conteúdo relacionado", "imprimir"),
    "de": ("teilen", "weiterlesen", "drucken", "ähnliche inhalte"),
    "it": ("condividi", "leggi tutto", "contenuti correlati", "stampa"),
    "ar": ("مشاركة", "اقرأ المزيد", "طباعة"),
    "ru": ("поделиться", "читать далее", "печать"),
}  # fmt: skip
# Chrome lines recognised by their start ('Share on Facebook', 'Subscribe to our newsletter', 'SDG 5 - …').
CHROME_LINE_PREFIXES: dict[str, tuple[str, ...]] = {
    "en": ("share on", "now read on", "subscribe", "unable to see images?", "« first", "• "),
    "fr": ("partager sur", "abonnez-vous"),
    "es": ("compartir en", "suscríbete"),
    "pt": ("partilhar no", "compartilhar no", "assine"),
    "de": ("teilen auf", "abonnieren"),
    "it": ("condividi su", "iscriviti"),
    "ar": ("شارك على",),
    "ru": ("поделиться в",),
}  # fmt: skip

# Top-level menu headings of IOM sites, glued to their blurbs in text renderings ('Who We AreAbout IOM …').
MENU_HEADINGS: dict[str, tuple[str, ...]] = {
    "en": ("who we are", "our work", "where we work", "what we do"),
    "fr": ("qui sommes-nous", "qui sommes nous", "notre travail", "nos activités"),
    "es": ("quiénes somos", "nuestro trabajo", "dónde trabajamos", "qué hacemos"),
    "pt": ("quem somos", "o nosso trabalho", "onde trabalhamos"),
    "de": ("wer wir sind", "unsere arbeit"),
    "it": ("chi siamo", "il nostro lavoro"),
    "ar": ("من نحن", "عملنا"),
    "ru": ("о нас", "наша работа"),
}  # fmt: skip

# What themes call their chrome containers (tag, id, class or role words): menus, sidebars, footers,
# share widgets, captions, ads. Markup words are English in every language.
CHROME_CLASS_WORDS: tuple[str, ...] = (
    r"nav\w*",
    r"menu\w*",
    r"\w*-menu",
    "mega-menu",
    "submenu",
    "breadcrumbs?",
    r"footer\w*",
    "site-footer",
    r"side\w+",
    r"left\w+",
    r"right\w+",
    "sidebar",
    "sidebar-first",
    "sidebar-second",
    "region-sidebar-first",
    "region-sidebar-second",
    "leftcol",
    "rightcol",
    "leftnav",
    "rightnav",
    "topnav",
    "mainnav",
    "toplinks",
    "top-links",
    "topbar",
    "top-bar",
    "header-tools",
    "site-header",
    "skip-link",
    "share",
    "share-this",
    "share-block",
    "share-links",
    "sharing",
    "social",
    "social-links",
    "addthis",
    "pager",
    "pagination",
    "language-switcher",
    "language-switcher-locale-url",
    "lang",
    "languages",
    "block-locale",
    "backlink",
    "backtop",
    "back-to-top",
    "feed-icon",
    "related",
    "related-content",
    "related-links",
    "tools",
    "pbn-tools",
    "print",
    "print-link",
    "image-caption",
    "caption",
    "figcaption",
    "credit",
    "credits",
    "photo-credit",
    "element-invisible",
    "visually-hidden",
    "sr-only",
    "more-link",
    "cookie",
    "cookies",
    "search",
    "search-form",
    "logo",
    "site-name",
    "site-slogan",
    "tag-list",
    "tags",
    "field--name-field-tags",
    "field--name-field-sdg",
    "sdg",
    "newsletter",
    "subscribe",
    "aside",
    "comments",
    "comment",
)
CHROME_TAGS: tuple[str, ...] = ("nav", "aside", "footer", "figcaption", "form")

# A publication or catalogue entry's fields ('ISBN: …', 'Price: …'): two of them make a catalogue page.
CATALOGUE_FIELDS: dict[str, tuple[str, ...]] = {
    "en": ("ISBN", "ISSN", "Price", "Publisher", "Author(s)", "Authors", "Author", "Pages", "Publication Year",
           "Paperback"),
    "fr": ("Prix", "Éditeur", "Année de publication"),
    "es": ("Precio", "Editorial", "Año de publicación"),
    "pt": ("Preço", "Editora"),
    "de": ("Preis", "Verlag", "Seiten"),
    "it": ("Prezzo", "Editore", "Pagine"),
    "ar": ("السعر", "الناشر"),
    "ru": ("Цена", "Издательство"),
}  # fmt: skip
CATALOGUE_ANYWHERE: tuple[str, ...] = ("ISBN", "Add to cart", "Add to basket")

# What an office or country page shows and a release does not ('Chief of Mission', 'Fax').
OFFICE_MARKERS: dict[str, tuple[str, ...]] = {
    "en": ("Chief of Mission", "Head of Office", "Fax"),
    "fr": ("Chef de mission", "Cheffe de mission", "Télécopie", "Fax"),
    "es": ("Jefe de Misión", "Jefa de Misión", "Fax"),
    "pt": ("Chefe de Missão", "Fax"),
    "de": ("Missionsleiter", "Missionsleiterin", "Fax"),
    "it": ("Capo Missione", "Fax"),
    "ar": ("رئيس البعثة", "فاكس"),
    "ru": ("Глава миссии", "Факс"),
}  # fmt: skip

# Small words left lower case in a Title Case headline ('Returns *to* the *Village of* …').
SMALL_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "at", "by", "with", "from", "as", "into",
        "after", "over", "amid", "against", "via", "vs", "is", "are", "its",
    ),
    "fr": ("de", "la", "le", "les", "des", "du", "et", "en", "au", "aux", "à", "sur", "dans"),
    "es": ("de", "la", "el", "los", "las", "y", "del", "con", "por", "para", "en"),
    "pt": ("de", "da", "do", "das", "dos", "e", "em", "com", "para", "por", "a", "o", "os", "as", "no", "na"),
    "de": ("der", "die", "das", "und", "in", "im", "mit", "für", "von", "zu", "auf"),
    "it": ("di", "il", "la", "le", "lo", "gli", "e", "in", "per", "con", "del", "della", "a"),
    "ar": (),
    "ru": ("и", "в", "на", "с", "по", "для", "из", "о"),
}  # fmt: skip


# Mail headers other than the date ones (vocabulary/dates.py EMAIL_HEADERS), before a colon: in list
# archives and forwarded releases they are neither headline nor body ('Subject: [list] …').
MAIL_HEADERS: dict[str, tuple[str, ...]] = {
    "en": ("From", "To", "Cc", "Bcc", "Subject", "Reply-To", "Message-ID", "In-Reply-To", "References",
           "Content-Type", "Content-Transfer-Encoding", "MIME-Version", "X-Mailer"),
    "fr": ("De", "À", "A", "Objet", "Cc", "Répondre à"),
    "es": ("De", "Para", "Asunto", "CC", "Responder a"),
    "pt": ("De", "Para", "Assunto", "Cc"),
    "de": ("Von", "An", "Betreff", "Cc", "Antwort an"),
    "it": ("Da", "A", "Oggetto", "Cc", "Rispondi a"),
    "ar": ("من", "إلى", "الموضوع", "نسخة"),
    "ru": ("От", "Кому", "Тема", "Копия"),
}  # fmt: skip
# The line opening a forwarded message ('-----Original Message-----', '---------- Forwarded message ---------').
FORWARDED: dict[str, tuple[str, ...]] = {
    "en": ("Original Message", "Forwarded message", "Forwarded by", "Begin forwarded message"),
    "fr": ("Message d'origine", "Message transféré", "Début du message réexpédié"),
    "es": ("Mensaje original", "Mensaje reenviado"),
    "pt": ("Mensagem original", "Mensagem encaminhada"),
    "de": ("Ursprüngliche Nachricht", "Weitergeleitete Nachricht", "Originalnachricht"),
    "it": ("Messaggio originale", "Messaggio inoltrato"),
    "ar": ("الرسالة الأصلية", "رسالة معاد توجيهها"),
    "ru": ("Исходное сообщение", "Пересылаемое сообщение"),
}  # fmt: skip

# Abbreviations other than honorifics whose '.' ends no sentence at the end of a hard-wrapped line.
ABBREVIATIONS: tuple[str, ...] = ("St",)

# Labels of contact data that make a line a contact line, never a heading (with a phone number or '@').
CONTACT_DATA_LABELS: dict[str, tuple[str, ...]] = {
    lang: (*PHONE_LABELS.get(lang, ()), *MOBILE_LABELS.get(lang, ()), *FAX_LABELS.get(lang, ()),
           *EMAIL_LABELS.get(lang, ()))
    for lang in {*PHONE_LABELS, *MOBILE_LABELS, *FAX_LABELS, *EMAIL_LABELS}
}  # fmt: skip


def _phrases(words: Words | tuple[str, ...]) -> str:
    """An alternation of phrases; an apostrophe matches any apostrophe."""
    return alternation(words).replace("'", "[’'`´]")


_TOKEN = re.compile(r"[^\W_]+")
UI_LINE_MAX_WORDS = 14  # a share bar or widget label line is short


def is_ui_line(text: str) -> bool:
    """A line of nothing but interface words ('Share this: Facebook Twitter Email Print'), or one opening
    like archive navigation or a share bar ('Messages sorted by: [ date ] …')."""
    compiled = patterns()
    if compiled.ui_prefix.match(text):
        return True
    return _all_ui_words(text[:400], compiled.ui_tokens)


def _all_ui_words(text: str, ui_tokens: frozenset[str]) -> bool:
    """Between one and UI_LINE_MAX_WORDS words, every one an interface word. Read word by word, since
    most lines fail on their first word."""
    count = 0
    for token in _TOKEN.finditer(text):
        count += 1
        if count > UI_LINE_MAX_WORDS or token.group().casefold() not in ui_tokens:
            return False
    return count > 0


# a name's first letter: a capital, or a letter of a script without case (Arabic)
_NAME_START = r"[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁ\u0600-\u06ff]"
_EDGE_BEFORE = r"(?<![^\W\d_])"  # not inside a word (works for every script)
_EDGE_AFTER = r"(?![^\W\d_])"


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: cheap as a cache key
class PagePatterns:
    """The compiled page-word patterns; get them from :func:`patterns`."""

    meta: re.Pattern[str]  # a header line: a field label (with colon or alone), or a field prefix
    not_found: re.Pattern[str]  # a 'Page not found' phrase anywhere
    separator: re.Pattern[str]  # an end mark on a line of its own ('###', '-30-', '© IOM 2007')
    download: re.Pattern[str]  # a line opening with a download word
    read_on: re.Pattern[str]  # a 'Read more' link ending a line
    read_on_reach: int  # how far from the end of a one-line, single-spaced text a read_on match can start
    promo: re.Pattern[str]  # a line opening with a promotion or ad label
    byline: re.Pattern[str]  # a line opening with a byline word and a name
    caption: re.Pattern[str]  # a caption or credit marker anywhere
    body_end_mark: re.Pattern[str]  # an end mark closing a body's last paragraph ('（完）')
    end_matter: re.Pattern[str]  # a paywall, newsletter or rights phrase anywhere
    reporter_bio: re.Pattern[str]  # a name, then a reporter's trade within a few words; 'Reach <Name> at'
    last_updated: re.Pattern[str]  # a 'Last updated' stamp opening a line
    document_type: re.Pattern[str]  # a line that is an operational document's type tag ('Situation Report')
    section_label: re.Pattern[str]  # a whole line that is a section label
    ui_prefix: re.Pattern[str]  # a line opening like archive navigation or a share bar
    ui_tokens: frozenset[str]  # the words of share bars and widget labels, casefolded
    chrome_line: re.Pattern[str]  # a whole line of text-rendering chrome
    menu_heading: re.Pattern[str]  # a menu heading glued to its blurb
    chrome_class: re.Pattern[str]  # a chrome container's markup word
    chrome_tags: frozenset[str]
    catalogue: re.Pattern[str]  # a catalogue field opening a line, or an ISBN / cart anywhere
    office: re.Pattern[str]  # an office-page marker
    small_words: frozenset[str]
    posted_after: re.Pattern[str]  # a headline with its 'Posted on …' line run on after it
    contact_data: re.Pattern[str]  # a phone number, an address or a label before ':': a contact line
    honorific_end: re.Pattern[str]  # a line ending on an abbreviation's '.' ('Dr.'), which ends no sentence
    mail_header: re.Pattern[str]  # a mail header ('Subject: …') or a forwarded-message line opening a line
    contact_entry: re.Pattern[str]  # an address or a labelled number ('Mobile: +249 …'): never a headline


def _abbreviations() -> str:
    words = {w.removesuffix(".") for lang in HONORIFICS.values() for w in lang} | set(ABBREVIATIONS)
    return alternation(words, spaced=False)


@cache
def patterns() -> PagePatterns:
    """The page vocabulary compiled: built on first use and again after :func:`rebuild`."""
    return PagePatterns(
        meta=re.compile(
            rf"^{initials([*every(FIELD_LABELS), *every(FIELD_PREFIXES)])}"
            rf"(?:(?:{_phrases(FIELD_LABELS)})[ \t]*(?::|$)|(?:{_phrases(FIELD_PREFIXES)}){_EDGE_AFTER})",
            re.I,
        ),
        not_found=re.compile(
            rf"{initials(NOT_FOUND)}{_EDGE_BEFORE}(?:{_phrases(NOT_FOUND)}){_EDGE_AFTER}", re.I
        ),
        separator=re.compile(
            rf"^[ \t]*(?:(?:{_phrases(SEPARATORS)})|©[ \t]*(?:IOM|OIM)[ \t]*\d{{4}}\.?)[ \t]*$",
        ),
        download=re.compile(rf"^[ \t]*(?:{_phrases(DOWNLOAD_WORDS)}){_EDGE_AFTER}", re.I),
        read_on=re.compile(
            rf"{initials(READ_MORE)}{_EDGE_BEFORE}(?:{_phrases(READ_MORE)})[ \t]*(?:»|›|>>|\.\.\.|…|→)?[ \t]*$",
            re.I,
        ),
        # the longest phrase, a space, the longest arrow ('...'), a space; a few more to spare
        read_on_reach=max(len(w) for w in every(READ_MORE)) + 8,
        promo=re.compile(rf"^[ \t]*(?:{_phrases(PROMO_PREFIXES)}){_EDGE_AFTER}", re.I),
        byline=re.compile(rf"^[ \t]*(?i:{_phrases(BYLINE_WORDS)})[ \t]*:?[ \t]+(?={_NAME_START})"),
        caption=re.compile(  # the lookahead holds the first character of each alternative below
            rf"{initials([*every(CAPTION_WORDS), '©', '(', 'IOM', 'OIM', 'Photo', ' ', chr(9)])}"
            rf"(?:{_EDGE_BEFORE}(?:{_phrases(CAPTION_WORDS)})[ \t]*:|©|\(c\)[ \t]*(?:IOM|OIM)|"
            r"\b(?:IOM|OIM)/[A-Z][a-z]+|^Photo\b|"
            rf"\([ \t]*(?:{_phrases(CAPTION_WORDS)}|Ph)\.?[ \t]*:?[ \t]*[^()\n]{{0,40}}\)[ \t]*$|"  # '(Ph. AIP)'
            rf"[ \t](?:{_phrases(CAPTION_SUFFIXES)})[ \t]*$)",
            re.I,
        ),
        body_end_mark=re.compile(rf"(?:{_phrases(BODY_END_MARKS)})[ \t]*$"),
        end_matter=re.compile(
            rf"{initials(END_MATTER)}{_EDGE_BEFORE}(?:{_phrases(END_MATTER)}){_EDGE_AFTER}", re.I
        ),
        reporter_bio=re.compile(
            rf"^{_NAME_START}[^\W\d_]*(?:[ \t]+{_NAME_START}[\w’'-]*){{0,3}}[ \t]+"
            rf"(?:[^\W\d_]+[ \t]+){{0,6}}?(?:{_phrases(REPORTER_WORDS)}){_EDGE_AFTER}"
            rf"|^(?:Reach|Contact|Email)[ \t]+{_NAME_START}[^\W\d_]*(?:[ \t]+{_NAME_START}[\w’'-]*){{0,3}}[ \t]+at[ \t]"
        ),
        last_updated=re.compile(rf"^[ \t(]*(?:{_phrases(LAST_UPDATED)}){_EDGE_AFTER}", re.I),
        document_type=re.compile(rf"^[ \t]*(?:{_phrases(DOCUMENT_TYPES)})[ \t]*s?[ \t]*$", re.I),
        section_label=re.compile(
            rf"^{initials(SECTION_LABELS)}(?:{_phrases(SECTION_LABELS)})"
            rf"(?:[ \t]+[-–—|][ \t]+[^\W\d_][^\s.!?]*(?:[ \t]+[^\s.!?]+){{0,{SECTION_PART_MAX_WORDS - 1}}})?[ \t]*:?$",
            re.I,
        ),
        ui_prefix=re.compile(rf"^{initials(UI_PREFIXES)}(?:{_phrases(UI_PREFIXES)}){_EDGE_AFTER}", re.I),
        ui_tokens=frozenset(
            w.casefold() for lang in UI_WORDS.values() for p in lang for w in _TOKEN.findall(p)
        ),
        chrome_line=re.compile(
            rf"^{initials([*every(CHROME_LINES), *every(CHROME_LINE_PREFIXES), 'sdg'])}"
            rf"(?:(?:{_phrases(CHROME_LINES)})$|(?:{_phrases(CHROME_LINE_PREFIXES)})|sdg \d+ - )",
            re.I,
        ),
        menu_heading=re.compile(rf"^{initials(MENU_HEADINGS)}(?:{_phrases(MENU_HEADINGS)})(?=\S)", re.I),
        chrome_class=re.compile("^(?:" + "|".join(CHROME_CLASS_WORDS) + ")$"),
        chrome_tags=frozenset(CHROME_TAGS),
        catalogue=re.compile(
            rf"^(?:{_phrases(CATALOGUE_FIELDS)}){_EDGE_AFTER}[ \t]*:?|"
            rf"{_EDGE_BEFORE}(?:{_phrases(CATALOGUE_ANYWHERE)}){_EDGE_AFTER}",
            re.I | re.M,
        ),
        office=re.compile(
            rf"{initials(OFFICE_MARKERS)}{_EDGE_BEFORE}(?:{_phrases(OFFICE_MARKERS)}){_EDGE_AFTER}", re.I
        ),
        small_words=frozenset(w for lang in SMALL_WORDS.values() for w in lang),
        posted_after=re.compile(
            rf"^(?P<head>[^\n.!?]{{10,200}}?)\s{{1,8}}(?P<posted>(?:{_phrases(POSTED)}){_EDGE_AFTER}[^\n]{{0,40}}\d{{4}}"
            r"[^\n]{0,20})$"
        ),
        contact_data=re.compile(
            rf"\d[\d\s().\-/]{{5,}}\d|@|"
            rf"{initials(CONTACT_DATA_LABELS)}{_EDGE_BEFORE}(?:{_phrases(CONTACT_DATA_LABELS)}){_EDGE_AFTER}\.?[ \t]{{0,3}}:",
            re.I,
        ),
        honorific_end=re.compile(rf"{_EDGE_BEFORE}(?:{_abbreviations()})\.$"),
        mail_header=re.compile(
            rf"^(?:{initials(MAIL_HEADERS)}(?:{_phrases(MAIL_HEADERS)})[ \t]?:[ \t]|[ \t>*_-]{{0,40}}(?:{_phrases(FORWARDED)}){_EDGE_AFTER})",
            re.I,
        ),
        contact_entry=re.compile(
            rf"[\w.+-]@[\w-]+\.\w|"
            rf"{initials(CONTACT_DATA_LABELS)}{_EDGE_BEFORE}(?:{_phrases(CONTACT_DATA_LABELS)})\.?[ \t]{{0,3}}:?[ \t]{{0,3}}[(+]?\d",
            re.I,
        ),
    )


def rebuild() -> PagePatterns:
    """Compile the lists again (after a label or a language was added)."""
    patterns.cache_clear()
    return patterns()
