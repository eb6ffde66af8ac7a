# embed.cmake - put the HTML report's page together and write it as C.
#
#   cmake -DSRC=core/output/html -DD3=.../d3.min.js -DD3_LICENSE=.../copyright
#         -DOUT=html_assets.c -P embed.cmake
#
# page.html's marker lines are replaced: <!-- samnett:style --> by report.css
# and charts.css, <!-- samnett:d3 --> by D3's licence (as a comment) and D3,
# <!-- samnett:scripts --> by charts.js, map.js and app.js. The page is then
# cut at <!-- samnett:data -->, where the report writer puts the data, and
# the two halves are written as byte arrays (sni_html_head, sni_html_tail).
cmake_minimum_required(VERSION 3.16)

function(read_text var path)
  if(NOT EXISTS "${path}")
    message(FATAL_ERROR "the HTML report needs ${path}")
  endif()
  file(READ "${path}" text)
  # inside <script> and <style>, these would end the element or open a comment
  string(TOLOWER "${text}" lower)
  foreach(bad "</script" "</style" "<!--")
    string(FIND "${lower}" "${bad}" at)
    if(NOT at EQUAL -1 AND NOT path MATCHES "page\\.html$")
      message(FATAL_ERROR "${path} holds '${bad}', which would break the page")
    endif()
  endforeach()
  set(${var} "${text}" PARENT_SCOPE)
endfunction()

read_text(page "${SRC}/page.html")
read_text(css1 "${SRC}/report.css")
read_text(css2 "${SRC}/charts.css")
read_text(js1 "${SRC}/charts.js")
read_text(js2 "${SRC}/map.js")
read_text(js3 "${SRC}/app.js")
read_text(d3 "${D3}")
read_text(license "${D3_LICENSE}")
string(REPLACE "*/" "* /" license "${license}")

foreach(marker style d3 scripts data)
  string(FIND "${page}" "<!-- samnett:${marker} -->" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${SRC}/page.html lacks the line <!-- samnett:${marker} -->")
  endif()
endforeach()
string(REPLACE "<!-- samnett:style -->" "<style>\n${css1}\n${css2}\n</style>" page "${page}")
string(REPLACE "<!-- samnett:d3 -->"
  "<script>\n/*\nD3 (d3js.org), from Debian's node-d3; its copyright and licence:\n\n${license}\n*/\n${d3}\n</script>"
  page "${page}")
string(REPLACE "<!-- samnett:scripts -->" "<script>\n${js1}\n${js2}\n${js3}\n</script>" page "${page}")
set(marker "<!-- samnett:data -->")
string(FIND "${page}" "${marker}" at)
string(LENGTH "${marker}" marker_len)
string(SUBSTRING "${page}" 0 ${at} head)
math(EXPR after "${at} + ${marker_len}")
string(SUBSTRING "${page}" ${after} -1 tail)

set(c "/* Written by core/output/html/embed.cmake from core/output/html/ and D3. */\n")
string(APPEND c "#include <stddef.h>\n\n")
foreach(part head tail)
  file(WRITE "${OUT}.${part}" "${${part}}")
  file(READ "${OUT}.${part}" hex HEX)
  file(REMOVE "${OUT}.${part}")
  string(LENGTH "${hex}" hex_len)
  math(EXPR len "${hex_len} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  # a line break every 32 bytes
  string(REGEX REPLACE "((0x..,){32})" "\\1\n" bytes "${bytes}")
  string(APPEND c "const unsigned char sni_html_${part}[] = {\n${bytes}0x00};\n")
  string(APPEND c "const size_t sni_html_${part}_len = ${len};\n\n")
endforeach()
file(WRITE "${OUT}.tmp" "${c}")
file(RENAME "${OUT}.tmp" "${OUT}")
