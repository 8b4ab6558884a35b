-- ltjcmp.lua — sets the paragraphs of paragraphs.txt with luatexja in a
-- \vbox of 30, 35 and 40 \zw and writes the lines back as JSON Lines, in the
-- format of bench_para (see summary.py).  Loaded by compare.tex.
ltjcmp = {}

local GLYPH, GLUE, HLIST, VLIST, DISC =
  node.id("glyph"), node.id("glue"), node.id("hlist"), node.id("vlist"), node.id("disc")
local out

local function is_jchar(c)
  -- a Japanese character (kana, kanji, 約物): not ASCII or Latin
  return c >= 0x2000
end

local function esc(s)
  return (s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end))
end

-- the paragraph as TeX input: catcode "other" for every character but the
-- space, and \penalty50 after / and . inside a URL or mail address (the
-- breaks and penalty of mynaform; after - TeX has its own, \exhyphenpenalty)
local function emit(text)
  local pieces, last = {}, 1
  for s, tok, e in text:gmatch("()([%w%./:@_%-]+)()") do
    if tok:find("[/@]") or tok:find("%a%.%a") then
      local i = 1
      while true do
        local j = tok:find("[/%.]", i)
        if not j then break end
        local nxt = tok:sub(j + 1, j + 1)
        if nxt:match("[%a_]") then
          pieces[#pieces + 1] = { text:sub(last, s + j - 1) }
          pieces[#pieces + 1] = "\\penalty50\\relax "
          last = s + j
        end
        i = j + 1
      end
    end
  end
  pieces[#pieces + 1] = { text:sub(last) }
  for _, p in ipairs(pieces) do
    if type(p) == "table" then tex.sprint(-2, p[1]) else tex.sprint(p) end
  end
end

function ltjcmp.run(src, dst, ems)
  out = assert(io.open(dst, "w"))
  local paras = {}
  for line in io.lines(src) do
    if line ~= "" and line:sub(1, 1) ~= "#" then paras[#paras + 1] = line end
  end
  for _, em in ipairs(ems) do
    for i, text in ipairs(paras) do
      tex.sprint("\\setbox0\\vbox{\\hsize=" .. em .. "\\zw\\parindent=0pt\\noindent ")
      emit(text)
      tex.sprint("\\par}\\dimen255=1\\zw\\directlua{ltjcmp.dump(" .. (i - 1) .. "," .. em .. ")}")
    end
  end
  tex.sprint("\\directlua{ltjcmp.close()}")
end

function ltjcmp.close() out:close() end

-- the characters of a list (glyphs, also inside boxes and discretionaries)
local function chars(head, acc)
  for n in node.traverse(head) do
    if n.id == GLYPH then
      acc[#acc + 1] = n.char
    elseif n.id == HLIST or n.id == VLIST then
      chars(n.head, acc)
    elseif n.id == DISC then
      chars(n.replace, acc)
    end
  end
  return acc
end

function ltjcmp.dump(para, em)
  local zw = tex.dimen[255]
  local lines = {}
  for line in node.traverse_id(HLIST, tex.box[0].head) do lines[#lines + 1] = line end
  local parts = {}
  for li, line in ipairs(lines) do
    local gs, sign, order = line.glue_set, line.glue_sign, line.glue_order
    local text, prev, pending, gap, chr = {}, nil, {}, 0, 0
    for n in node.traverse(line.head) do
      local cs
      if n.id == GLYPH then
        cs = { n.char }
      elseif n.id == HLIST or n.id == VLIST then
        cs = chars(n.head, {})
      elseif n.id == DISC then
        -- a discretionary taken at the line end shows its pre-break text
        cs = chars(n.next and n.replace or n.pre, {})
      elseif n.id == GLUE and sign == 1 and order == 0 and n.stretch_order == 0 then
        pending[#pending + 1] = n.stretch * gs / zw
      end
      if cs and #cs > 0 then
        for _, c in ipairs(cs) do text[#text + 1] = utf8.char(c) end
        local first = cs[1]
        for _, d in ipairs(pending) do
          if d > gap then gap = d end
          if prev and is_jchar(prev) and is_jchar(first) and d > chr then chr = d end
        end
        pending = {}
        prev = cs[#cs]
      end
    end
    parts[#parts + 1] = string.format(
      '{"text":"%s","justified":%s,"gap":%.4f,"char":%.4f}',
      esc(table.concat(text)), li < #lines and "true" or "false", gap, chr)
  end
  out:write(string.format('{"para":%d,"em":%g,"lines":[%s]}\n', para, em,
                          table.concat(parts, ",")))
end
