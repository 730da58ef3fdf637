# Spanish boilerplate phrases for nw-clean (share/newswire/boilerplate.es).
# The format of boilerplate.en; every boilerplate.LANG is loaded.
compartir en
^compartir
leer más
seguir leyendo
noticias relacionadas
aviso legal
política de privacidad
política de cookies
todos los derechos reservados
deja un comentario
dejar un comentario
tu dirección de correo electrónico no será publicada
suscríbete
