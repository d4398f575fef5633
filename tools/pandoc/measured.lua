-- measured.lua -- numbers in the prose that come from the build's runs.
--
-- A chapter writes a measured number as a bracketed span of class
-- "measured", the number it last saw inside:
--
--   [0.799]{.measured file=optimizers/adam.dat row=8 value=$4}
--
-- file   a data file of an experiment, relative to the data directory
--        (metadata weave-datadir, default build/data): rows of fields
--        separated by blanks;
-- row    the first field of the row to read (the first row whose first
--        field is exactly this text), or instead
-- line   the number of the row, from 1, not counting comment lines (# ...);
-- value  an arithmetic expression of the row's fields $1, $2, ...
--        (default $2), such as 100*$2/$3 for a percentage.
--
-- The span is replaced by the value, written the way the chapter wrote
-- its number: as many decimals, and digits grouped by threes with a
-- space when the chapter grouped them ("19 033"). So the PDF and the
-- HTML always give the numbers of the run that made them. When the value
-- differs from the text, weave says so on stderr (the chapter's text is
-- then out of date, and the next edit should bring it in line); a
-- missing file or row, or a value that is not a number, stops the
-- weave. tests/weave-measured.t checks the woven pages against the data.

local stringify = pandoc.utils.stringify
local NBSP = '\u{A0}'

local function fail(msg)
  io.stderr:write('weave: ' .. msg .. '\n')
  os.exit(1)
end

local datadir = 'build/data'
local rows_of = {}          -- file -> { first field -> list of fields }
local lines_of = {}         -- file -> { the rows that are not comments }

local function rows(file)
  if rows_of[file] then return rows_of[file] end
  local path = datadir .. '/' .. file
  local f = io.open(path, 'r')
  if not f then fail('measured number: cannot read ' .. path) end
  local t, list = {}, {}
  for line in f:lines() do
    local fields = {}
    for field in line:gmatch('%S+') do fields[#fields + 1] = field end
    if #fields > 0 and t[fields[1]] == nil then t[fields[1]] = fields end
    if #fields > 0 and fields[1]:sub(1, 1) ~= '#' then
      list[#list + 1] = fields
    end
  end
  f:close()
  rows_of[file], lines_of[file] = t, list
  return t
end

-- The value of expr over fields: $n becomes field n, then the arithmetic
-- is done by Lua in an empty environment (numbers and + - * / ( ) only).
local function evaluate(expr, fields, where)
  local missing = nil
  local code = expr:gsub('%$(%d+)', function(n)
    local v = tonumber(fields[tonumber(n)])
    if v == nil then missing = n; return '0' end
    return string.format('(%.17g)', v)
  end)
  if missing then fail(where .. ': field ' .. missing .. ' is not a number') end
  if code:find('[^%d%.eE%+%-%*/%(%)%s]') then
    fail(where .. ': value "' .. expr .. '" is not arithmetic of $n fields')
  end
  local chunk = load('return ' .. code, 'value', 't', {})
  local ok, v = pcall(chunk or function() error('syntax') end)
  if not ok or type(v) ~= 'number' or v ~= v then
    fail(where .. ': cannot compute "' .. expr .. '"')
  end
  return v
end

-- v written like text: its decimals, its grouping, its sign.
local function written_like(v, text)
  local decimals = text:match('%.(%d+)') or ''
  local s = string.format('%.' .. #decimals .. 'f', v)
  if text:find('%d[ ' .. NBSP .. ']%d%d%d') then
    local sign, int, rest = s:match('^(%-?)(%d+)(.*)$')
    int = int:reverse():gsub('(%d%d%d)', '%1 '):reverse():gsub('^ ', '')
    s = sign .. int .. rest
  end
  return s
end

local function measured(span)
  if not span.classes:includes('measured') then return nil end
  local text = stringify(span)
  local a = span.attributes
  local where = 'measured number "' .. text .. '" (file ' ..
                tostring(a.file) .. ', ' .. (a.line and 'line ' .. a.line
                or 'row ' .. tostring(a.row)) .. ')'
  if not a.file or not (a.row or a.line) then
    fail(where .. ': needs file= and row= or line=')
  end
  local fields = rows(a.file)[a.row or '']
  if a.line then fields = lines_of[a.file][tonumber(a.line) or 0] end
  if not fields then fail(where .. ': no such row in ' .. a.file) end
  local s = written_like(evaluate(a.value or '$2', fields, where), text)
  local said = text:gsub(NBSP, ' ')
  if s ~= said then
    io.stderr:write('weave: note: the chapter says ' .. said .. ', ' ..
                    a.file .. ' says ' .. s .. '\n')
  end
  return pandoc.Str((s:gsub(' ', NBSP)))   -- a number is never broken
end

return {
  { Meta = function(meta)
      if meta['weave-datadir'] then datadir = stringify(meta['weave-datadir']) end
    end },
  { Span = measured },
}
