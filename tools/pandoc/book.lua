-- book.lua -- the pandoc Lua filter behind tools/weave.
--
-- The Markdown comes from tools/nw2md: one file per chapter, each opening
-- with a raw block of format "nwpage" that names its page.  The filter runs
-- in one of four modes, chosen by the metadata field weave-mode:
--
--   latex     the whole book in one run, for the PDF.
--   collect   the whole book, for HTML: number chapters, sections and
--             figures, note which page every id is on, and save all that to
--             the Lua file named by weave-data, for the runs below.
--   html      one page (weave-page), using weave-data: apply the numbers,
--             point links at the right page, fill in prev/next links.
--   contents  index.html: the body is replaced by the table of contents.
--
-- In every mode a prose reference @fig:x (pandoc parses it as a citation)
-- becomes a link reading "Figure 2.1"; @ch:x gives "Chapter 2" and a
-- section id gives "Section 2.3".  Figures are written ![Caption](name)
-- with a bare name: the PDF uses FIGDIR/name.pdf, HTML figures/name.svg.
--
-- The numbers follow LaTeX's rules for the book class, so the numbers we
-- compute match what LaTeX prints: a numbered chapter resets sections and
-- figures, levels 1-3 are numbered, {-} headings are not.
--
-- Parts.  A chapter file may open, before its chapter heading, with a part
-- heading `# Title {.part}`: the chapters from there on form Part I, II, ...
-- `# Appendices {.part .appendix}` starts the appendices, an unnumbered
-- part whose chapters are lettered A, B, ... (LaTeX's \appendix).  Both
-- tables of contents show the parts; an HTML page shows its part above the
-- chapter heading.

local stringify = pandoc.utils.stringify
local NBSP = '\u{A0}'

local function warn(msg)
  io.stderr:write('weave: warning: ' .. msg .. '\n')
end

-- Stop with a one-line message (error() would add a Lua stack trace).
local function fail(msg)
  io.stderr:write('weave: ' .. msg .. '\n')
  os.exit(1)
end

local function meta_string(meta, key)
  local v = meta[key]
  if v == nil then return nil end
  return stringify(v)
end

-- A figure is a paragraph holding just an image whose title is "fig:"
-- (pandoc's implicit_figures).
local function figure_image(b)
  if b.t == 'Para' and #b.content == 1 and b.content[1].t == 'Image'
     and b.content[1].title:match('^fig:') then
    return b.content[1]
  end
end

local function inlines_html(inlines)
  local html = pandoc.write(pandoc.Pandoc({pandoc.Plain(inlines)}), 'html5',
                            {html_math_method = 'mathml'})
  return (html:gsub('\n$', ''))
end

-- Sections of an unnumbered chapter (the preface) are unnumbered too, rather
-- than "0.1", "0.2".  Applied first in every mode, so all agree.
local function unnumber_sections(blocks)
  local unnumbered = false
  for _, b in ipairs(blocks) do
    if b.t == 'Header' then
      if b.level == 1 then
        unnumbered = b.classes:includes('unnumbered')
      elseif unnumbered and not b.classes:includes('unnumbered') then
        b.classes:insert('unnumbered')
      end
    end
  end
end

-- Part headings become raw blocks of the made-up format "nwpart", so that
-- no mode counts them as chapters.  The text is "appendix" or "part",
-- a tab and the title.
local function mark_parts(blocks)
  for i, b in ipairs(blocks) do
    if b.t == 'Header' and b.level == 1 and b.classes:includes('part') then
      local kind = b.classes:includes('appendix') and 'appendix' or 'part'
      blocks[i] = pandoc.RawBlock('nwpart', kind .. '\t' .. stringify(b.content))
    end
  end
end

local function part_of(b)
  if b.t == 'RawBlock' and b.format == 'nwpart' then
    local kind, title = b.text:match('^(%a+)\t(.*)$')
    return {appendix = kind == 'appendix', title = title}
  end
end

local ROMAN = {'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'}

-- Chapter n's number: 1, 2, ... or, among the appendices, A, B, ...
local function chapter_number(n, appendix)
  if appendix then return string.char(string.byte('A') + n - 1) end
  return tostring(n)
end

local function html_escape(t)
  return (t:gsub('&', '&amp;'):gsub('<', '&lt;'):gsub('>', '&gt;'))
end

------------------------------------------------------------------------
-- Walk the whole book: pages, numbered headings, figures, and ids.

local function collect(blocks)
  local book = {pages = {}, ids = {}, figures = {}}
  local page
  local chap, sec, subsec, fig = 0, 0, 0, 0
  local parts, appendix = 0, false

  local function add_id(id, entry)
    if id == nil or id == '' then return end
    if book.ids[id] and book.ids[id].page ~= entry.page then
      warn('id "' .. id .. '" is defined on both ' .. book.ids[id].page
           .. ' and ' .. entry.page)
    end
    book.ids[id] = book.ids[id] or entry
  end

  for _, b in ipairs(blocks) do
    if b.t == 'RawBlock' and b.format == 'nwpage' then
      page = {name = b.text:match('^%s*(.-)%s*$'), headers = {}, figs = {}}
      table.insert(book.pages, page)
    elseif page == nil then
      fail('Markdown does not start with an nwpage marker (not made by nw2md?)')
    elseif part_of(b) then
      local part = part_of(b)
      if part.appendix then
        appendix, chap = true, 0
      else
        parts = parts + 1
        part.num = ROMAN[parts] or tostring(parts)
      end
      part.html = html_escape(part.title)
      page.part = part
    elseif b.t == 'Header' then
      local num
      if not b.classes:includes('unnumbered') then
        if b.level == 1 then
          chap, sec, subsec, fig = chap + 1, 0, 0, 0
          num = chapter_number(chap, appendix)
        elseif b.level == 2 then
          sec, subsec = sec + 1, 0
          num = chapter_number(chap, appendix) .. '.' .. sec
        elseif b.level == 3 then
          subsec = subsec + 1
          num = chapter_number(chap, appendix) .. '.' .. sec .. '.' .. subsec
        end
      end
      local h = {id = b.identifier, level = b.level, num = num,
                 text = stringify(b.content)}
      table.insert(page.headers, h)
      if b.level == 1 and not page.title then
        page.title = h
      end
      add_id(b.identifier, {page = page.name, num = num,
                            kind = b.level ~= 1 and 'Section'
                                   or appendix and 'Appendix' or 'Chapter'})
    elseif b.t == 'RawBlock' and b.format == 'html' then
      for id in b.text:gmatch('id="([^"]+)"') do add_id(id, {page = page.name}) end
    end
    -- Figures and other ids anywhere inside the block.
    pandoc.walk_block(pandoc.Div({b}), {
      Para = function(p)
        local img = figure_image(p)
        if img then
          fig = fig + 1
          local num = chapter_number(chap, appendix) .. '.' .. fig
          table.insert(page.figs, num)
          add_id(img.identifier, {page = page.name, num = num, kind = 'Figure'})
          table.insert(book.figures, img.src)
        end
      end,
      Div = function(d) add_id(d.identifier, {page = page.name}) end,
      Span = function(s) add_id(s.identifier, {page = page.name}) end,
      CodeBlock = function(c) add_id(c.identifier, {page = page.name}) end,
    })
  end
  return book
end

------------------------------------------------------------------------
-- Filters shared by the output modes.

-- @fig:x and friends; the Cite becomes a link such as "Figure 2.1".
local function cite_filter(ids, page_of_link)
  return {
    Cite = function(c)
      local out = pandoc.List()
      for i, citation in ipairs(c.citations) do
        local target = ids[citation.id]
        if not target or not target.num then
          -- A reference to nothing is a sentence that points the reader
          -- nowhere: the weave stops.
          fail('reference @' .. citation.id .. ' names no numbered chapter, '
               .. 'section or figure')
        end
        if i > 1 then out:insert(pandoc.Str(', ')) end
        out:insert(pandoc.Link({pandoc.Str(target.kind .. NBSP .. target.num)},
                               page_of_link(citation.id)))
      end
      return out
    end,
  }
end

-- Figures given by a bare name get the file for this output format.
local function image_filter(make_src)
  return {
    Image = function(img)
      if not img.src:match('[./]') then
        img.src = make_src(img.src)
        return img
      end
    end,
  }
end

local function file_exists(path)
  local f = io.open(path, 'r')
  if f then f:close() return true end
  return false
end

------------------------------------------------------------------------
-- Serialise the collected data as a Lua file (read back with dofile).

local function serialise(v, indent)
  indent = indent or ''
  if type(v) == 'table' then
    local parts = {}
    local keys = {}
    for k in pairs(v) do table.insert(keys, k) end
    table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
    for _, k in ipairs(keys) do
      local key = type(k) == 'number' and ('[' .. k .. ']') or ('[' .. string.format('%q', k) .. ']')
      table.insert(parts, indent .. '  ' .. key .. ' = ' .. serialise(v[k], indent .. '  '))
    end
    return '{\n' .. table.concat(parts, ',\n') .. '\n' .. indent .. '}'
  elseif type(v) == 'string' then
    return string.format('%q', v)
  else
    return tostring(v)
  end
end

------------------------------------------------------------------------
-- The modes.

-- pandoc writes every table as a longtable, which may break after any row:
-- a three-row table could leave one row at the foot of a page.  A short
-- table (up to SHORT_TABLE_ROWS rows) is written here with \\* ending each
-- row, so that it moves to the next page whole.
local SHORT_TABLE_ROWS = 15
local function short_table_unbroken(b)
  if b.t ~= 'Table' then return b end
  local rows = #b.head.rows + #b.foot.rows
  for _, body in ipairs(b.bodies) do rows = rows + #body.head + #body.body end
  if rows > SHORT_TABLE_ROWS then return b end
  local tex = pandoc.write(pandoc.Pandoc({b}), 'latex')
  tex = tex:gsub('\\\\(%s*\n)', '\\\\*%1')
  return pandoc.RawBlock('latex', tex)
end

local function latex_mode(doc)
  local figdir = meta_string(doc.meta, 'weave-figdir') or fail('weave-figdir not set')
  local book = collect(doc.blocks)
  local filters = {
    cite_filter(book.ids, function(id) return '#' .. id end),
    image_filter(function(name)
      local path = figdir .. '/' .. name .. '.pdf'
      if not file_exists(path) then
        fail('figure "' .. name .. '" not found: ' .. path)
      end
      return path
    end),
    {Link = function(l)
      local id = l.target:match('^#(.*)')
      if id and not book.ids[id] then warn('link to unknown id #' .. id) end
    end},
  }
  for _, f in ipairs(filters) do doc = doc:walk(f) end
  -- Roman page numbers for the front matter (title, contents, preface),
  -- arabic from the first numbered chapter on.
  -- Each chapter also gets a \clearpage of its own: pandoc puts the
  -- \hypertarget before \chapter, which would leave it on the page before.
  -- A part is \part{Title}; the appendices' part is \bookappendices
  -- (book.latex), an unnumbered part page that also says \appendix.
  local blocks = pandoc.List()
  local main = false
  for _, b in ipairs(doc.blocks) do
    local part = part_of(b)
    if not main and (part or b.t == 'Header' and b.level == 1
                     and not b.classes:includes('unnumbered')) then
      blocks:insert(pandoc.RawBlock('latex', '\\mainmatter'))
      main = true
    end
    if part then
      local title = pandoc.write(pandoc.Pandoc({pandoc.Plain({pandoc.Str(part.title)})}), 'latex')
      title = title:gsub('%s+$', '')
      b = pandoc.RawBlock('latex', (part.appendix and '\\bookappendices{' or '\\part{')
                                   .. title .. '}')
    end
    if b.t == 'Header' and b.level == 1 then
      blocks:insert(pandoc.RawBlock('latex', '\\clearpage'))
    end
    blocks:insert(short_table_unbroken(b))
    -- \chapter* leaves the running head of the chapter before it.
    if b.t == 'Header' and b.level == 1 and b.classes:includes('unnumbered') then
      local title = pandoc.write(pandoc.Pandoc({pandoc.Plain(b.content)}), 'latex')
      title = '\\MakeUppercase{' .. title:gsub('%s+$', '') .. '}'
      blocks:insert(pandoc.RawBlock('latex', '\\markboth{' .. title .. '}{' .. title .. '}'))
    end
  end
  doc.blocks = blocks
  return doc
end

local function collect_mode(doc)
  local out = meta_string(doc.meta, 'weave-data') or fail('weave-data not set')
  local book = collect(doc.blocks)
  -- Headings as HTML for the contents page and the prev/next links.
  local idx = {}
  for _, p in ipairs(book.pages) do idx[p.name] = p end
  local page
  for _, b in ipairs(doc.blocks) do
    if b.t == 'RawBlock' and b.format == 'nwpage' then
      page = idx[b.text:match('^%s*(.-)%s*$')]
      page.hcount = 0
    elseif b.t == 'Header' then
      page.hcount = page.hcount + 1
      page.headers[page.hcount].html = inlines_html(b.content)
    end
  end
  for _, p in ipairs(book.pages) do
    p.hcount = nil
    if not p.title then fail(p.name .. '.nw has no level-1 (#) heading') end
  end
  local f = assert(io.open(out, 'w'))
  f:write('return ', serialise(book), '\n')
  f:close()
  -- The figures (bare names) that weave must copy next to the pages.
  local figlist = meta_string(doc.meta, 'weave-figlist')
  if figlist then
    local g = assert(io.open(figlist, 'w'))
    for _, src in ipairs(book.figures) do
      if not src:match('[./]') then g:write(src, '\n') end
    end
    g:close()
  end
  return pandoc.Pandoc({})
end

local function nav_entry(p)
  local h = p.title
  local html = (h.num and ('<span class="header-section-number">' .. h.num .. '</span> ') or '')
               .. h.html
  return pandoc.MetaMap({href = pandoc.MetaString(p.name .. '.html'),
                         title = pandoc.MetaInlines({pandoc.RawInline('html', html)})})
end

-- TeX that pandoc 2.17's MathML converter (texmath) does not know, rewritten
-- to near equivalents it does know.  The PDF keeps the original.
--
-- texmath also marks every plain ( ) [ ] as stretchy, and Chromium draws
-- stretchy parentheses with wide gaps: f(z) looks like "f ( z )".  TeX never
-- stretches a plain parenthesis, so we write {(} for those (which texmath
-- leaves unstretched) and keep only the ones after \left, \bigl and the
-- like, plus the [ ] of \sqrt[n] and \\[len].
local SIZED = {}
for _, w in ipairs({'left', 'right', 'middle', 'sqrt', '\\'}) do SIZED[w] = true end
for _, b in ipairs({'big', 'Big', 'bigg', 'Bigg'}) do
  for _, s in ipairs({'', 'l', 'r', 'm'}) do SIZED[b .. s] = true end
end
local TEXTLIKE = {text = true, textrm = true, textit = true, textbf = true,
                  mbox = true, mathrm = true, operatorname = true}

local function unstretch(t)
  local out, brackets = {}, {}    -- brackets: is each open [ kept as it is?
  local i, n = 1, #t
  while i <= n do
    local c = t:sub(i, i)
    if c == '\\' then
      local w = t:match('^\\%a+', i) or t:sub(i, i + 1)
      local name = w:sub(2)
      -- texmath writes \| and \lVert as U+2225, which the browser spaces
      -- like the relation "parallel to"; \Vert gives a plain U+2016.
      i = i + #w
      if w == '\\|' or name == 'lVert' or name == 'rVert' then
        w = '\\Vert '
      end
      out[#out + 1] = w
      local sp, d = t:match('^(%s*)(.?)', i)
      if SIZED[name] and d:match('[%(%)%[%]|.]') and d ~= '' then
        out[#out + 1] = sp .. d
        i = i + #sp + 1
        if d == '[' then brackets[#brackets + 1] = true end
      elseif TEXTLIKE[name] then
        local group = t:match('^%s*%b{}', i)
        if group then out[#out + 1] = group; i = i + #group end
      end
    elseif c == '(' or c == ')' then
      out[#out + 1] = '{' .. c .. '}'
      i = i + 1
    elseif c == '[' then
      brackets[#brackets + 1] = false
      out[#out + 1] = '{[}'
      i = i + 1
    elseif c == ']' then
      local kept = table.remove(brackets)
      out[#out + 1] = kept and ']' or '{]}'
      i = i + 1
    else
      out[#out + 1] = c
      i = i + 1
    end
  end
  return table.concat(out)
end

local mathml_fixes = {
  Math = function(m)
    local t = unstretch(m.text)
    t = t:gsub('\\([Bb]ig+)[lm](%A)', '\\%1%2')       -- \Bigl( \bigm| -> \Big( \big|
    t = t:gsub('\\operatorname%*?%s*(%b{})', '\\mathop{\\mathrm%1}')
    t = t:gsub('\\middle(%A)', '%1')
    if t ~= m.text then m.text = t; return m end
  end,
}

-- A heading gets the id and the number that collect gave it (its num
-- wrapped by make_num, the inline that shows it).
local function number_heading(h, info, make_num)
  h.identifier = info.id
  if info.num then
    h.content:insert(1, pandoc.Space())
    h.content:insert(1, make_num(info.num))
  end
end

local function html_mode(doc)
  local book = dofile(meta_string(doc.meta, 'weave-data'))
  local name = meta_string(doc.meta, 'weave-page')
  local here, pos
  for i, p in ipairs(book.pages) do
    if p.name == name then here, pos = p, i end
  end
  if not here then fail('page ' .. tostring(name) .. ' is not in the collected data') end

  local function href(id)
    local t = book.ids[id]
    if not t then return '#' .. id end
    return (t.page == name and '' or t.page .. '.html') .. '#' .. id
  end

  -- Headings (top-level ones, as in collect) and figures are matched to the
  -- collected ones by order.  Ids come from there too: pandoc's automatic
  -- ids depend on what else is in the document.
  local hn, fn = 0, 0
  for i, h in ipairs(doc.blocks) do
    if part_of(h) and here.part then
      local p = here.part
      doc.blocks[i] = pandoc.RawBlock('html', '<p class="part-title">'
        .. (p.num and ('<span class="part-number">Part ' .. p.num .. '</span> ') or '')
        .. p.html .. '</p>')
    elseif h.t == 'Header' then
      hn = hn + 1
      number_heading(h, here.headers[hn], function(num)
        return pandoc.Span({pandoc.Str(num)}, {class = 'header-section-number'})
      end)
    end
  end
  doc = doc:walk({
    Para = function(p)
      local img = figure_image(p)
      if img then
        fn = fn + 1
        img.caption:insert(1, pandoc.Space())
        img.caption:insert(1, pandoc.Span({pandoc.Str('Figure' .. NBSP .. here.figs[fn] .. ':')},
                                          {class = 'figure-number'}))
        return p
      end
    end,
  })
  doc = doc:walk(cite_filter(book.ids, href))
  doc = doc:walk(mathml_fixes)
  doc = doc:walk(image_filter(function(n) return 'figures/' .. n .. '.svg' end))
  doc = doc:walk({Link = function(l)
    local id = l.target:match('^#(.*)')
    if id then
      if not book.ids[id] then warn('link to unknown id #' .. id .. ' on ' .. name) end
      l.target = href(id)
      return l
    end
  end})

  doc.meta.pagetitle = here.title.text
  if pos > 1 then doc.meta.prev = nav_entry(book.pages[pos - 1]) end
  if pos < #book.pages then doc.meta.next = nav_entry(book.pages[pos + 1]) end
  return doc
end

local function contents_mode(doc)
  local book = dofile(meta_string(doc.meta, 'weave-data'))
  local out = {'<nav class="toc" id="contents">', '<h2>Contents</h2>', '<ul>'}
  for _, p in ipairs(book.pages) do
    if p.part then
      table.insert(out, '</ul>')
      table.insert(out, '<h3 class="toc-part">'
        .. (p.part.num and ('<span class="toc-part-number">Part ' .. p.part.num .. '</span> ') or '')
        .. p.part.html .. '</h3>')
      table.insert(out, '<ul>')
    end
    local file = p.name .. '.html'
    local function item(h, target)
      local num = h.num and ('<span class="toc-section-number">' .. h.num .. '</span> ') or ''
      return '<a href="' .. target .. '">' .. num .. h.html .. '</a>'
    end
    table.insert(out, '<li>' .. item(p.title, file))
    local subs = {}
    for _, h in ipairs(p.headers) do
      if h.level == 2 then table.insert(subs, '<li>' .. item(h, file .. '#' .. h.id) .. '</li>') end
    end
    if #subs > 0 then
      table.insert(out, '<ul>' .. table.concat(subs) .. '</ul>')
    end
    table.insert(out, '</li>')
  end
  table.insert(out, '</ul>')
  table.insert(out, '</nav>')
  doc.blocks = {pandoc.RawBlock('html', table.concat(out, '\n'))}
  doc.meta.pagetitle = 'Contents'
  doc.meta.next = nav_entry(book.pages[1])
  doc.meta['contents-page'] = true
  return doc
end

-- The EPUB: the whole book in one run, like the PDF, with the numbers of
-- chapters, sections and figures written into the headings and captions
-- as on the HTML pages. pandoc splits the book into a file per top-level
-- heading and points the links of the Markdown at the right file; the
-- links inside code chunks (raw HTML) are pointed there by tools/weave.
local function epub_mode(doc)
  local figdir = meta_string(doc.meta, 'weave-figdir') or fail('weave-figdir not set')
  local book = collect(doc.blocks)
  local idx = {}
  for _, p in ipairs(book.pages) do idx[p.name] = p end
  local page, hn, fn
  local blocks = pandoc.List()
  for _, b in ipairs(doc.blocks) do
    if b.t == 'RawBlock' and b.format == 'nwpage' then
      page, hn, fn = idx[b.text:match('^%s*(.-)%s*$')], 0, 0
    elseif part_of(b) then
      local p = page.part
      b = pandoc.Header(1, {pandoc.Str((p.num and ('Part ' .. p.num .. ': ') or '')
                                       .. p.title)}, {class = 'unnumbered'})
    elseif b.t == 'Header' then
      hn = hn + 1
      number_heading(b, page.headers[hn], pandoc.Str)
    end
    b = pandoc.walk_block(b, {Para = function(para)
      local img = figure_image(para)
      if img then
        fn = fn + 1
        img.caption:insert(1, pandoc.Space())
        img.caption:insert(1, pandoc.Strong({pandoc.Str('Figure' .. NBSP .. page.figs[fn] .. ':')}))
        return para
      end
    end})
    blocks:insert(b)
  end
  doc.blocks = blocks
  doc = doc:walk(cite_filter(book.ids, function(id) return '#' .. id end))
  doc = doc:walk(mathml_fixes)
  doc = doc:walk(image_filter(function(name)
    local path = figdir .. '/' .. name .. '.svg'
    if not file_exists(path) then fail('figure "' .. name .. '" not found: ' .. path) end
    return path
  end))
  return doc
end

function Pandoc(doc)
  mark_parts(doc.blocks)
  unnumber_sections(doc.blocks)
  local mode = meta_string(doc.meta, 'weave-mode')
  if mode == 'latex' then return latex_mode(doc)
  elseif mode == 'collect' then return collect_mode(doc)
  elseif mode == 'html' then return html_mode(doc)
  elseif mode == 'contents' then return contents_mode(doc)
  elseif mode == 'epub' then return epub_mode(doc)
  else fail('unknown weave-mode ' .. tostring(mode)) end
end
