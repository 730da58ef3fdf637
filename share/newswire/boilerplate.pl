# Polish boilerplate phrases for nw-clean (share/newswire/boilerplate.pl).
# The format of boilerplate.en; every boilerplate.LANG is loaded.

# Udostępnianie, czytaj także
podziel się
udostępnij
udostępnij na
^czytaj także
^czytaj też
^czytaj również
^czytaj więcej
^zobacz także
^zobacz też
^zobacz również
^zobacz wideo
^przeczytaj też
^przeczytaj także
^polecamy
^najczęściej czytane
^najpopularniejsze
^podobne artykuły
^reklama
^materiał partnera
^materiał sponsorowany
^źródło
^fot
^foto
^autor
obserwuj nas
śledź nas

# Subskrypcja, cookies, prawo
zapisz się do newslettera
zapisz się
subskrybuj
zaloguj się
zarejestruj się
plików cookie
używamy plików cookie
pliki cookie
polityka prywatności
polityka cookies
regulamin
wszelkie prawa zastrzeżone
wszystkie prawa zastrzeżone
dodaj komentarz
^komentarze
