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

# Enlaces, promoción y avisos dentro del artículo
^puedes ver
puede interesar
^recomendamos
^lee también
^lea también
^lee además
^lea además
^leer también
^ver también
^ver más
^mira
^mire
^mira también
^míralo
^véase también
^más sobre
^más información
^infórmate más
^informate más
^más noticias
^más leídas
^noticias relacionadas
^artículos relacionados
^relacionado
^relacionados
puede gustar
^sigue leyendo
^publicidad
^patrocinado
^foto
^fotos
^imagen
^créditos
^fuente
^vídeo
compartir esta noticia
compartir este artículo
compartir en facebook
compartir en twitter
comparte esta noticia
imprimir
síguenos en
siguenos en
síganos en
únete a nuestro canal
suscríbete a nuestro boletín
suscríbete a nuestra newsletter
suscríbete al boletín
recibe las noticias
recibe nuestro boletín
en tu correo
en tu bandeja de entrada
exclusivo para suscriptores
hazte socio
apoya nuestro periodismo
página utiliza cookies
sitio web utiliza cookies
utilizamos cookies
usamos cookies
aceptar cookies
configurar cookies
términos y condiciones
prohibida su reproducción
reproducción total o parcial
derechos reservados
no se hace responsable
opiniones expresadas
responsabilidad exclusiva
^comentarios
