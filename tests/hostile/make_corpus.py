#!/usr/bin/env python3
"""Writes the hostile-input corpus of hostile_input_test.cc: one file per case.

  lines/n_*    an entry line that must be reported as a bad line (skipped,
               or fatal with strict reads), naming file, line and offset
  lines/y_*    an entry line, odd but valid, that must load
  headers/n_*  a first line that is not a usable session header: Load fails
               naming file and line 1 (NotSupported for a newer version)

The cases are written here rather than by hand so that they stay reviewable;
the files are kept in the repository and the test reads only the files.
Run from this directory: ./make_corpus.py (it rewrites lines/ and headers/).
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ENVELOPE = b'"type":"message","seq":1,"id":"e1","parent":null,"ts":"2026-01-01T00:00:00Z"'
VALID = b'{' + ENVELOPE + b',"message":{"role":"user","content":[{"type":"text","text":"hi"}]}}'


def with_text(raw):
    """A valid entry whose text value is the raw bytes `raw` (between quotes)."""
    return b'{' + ENVELOPE + b',"message":{"role":"user","content":[{"type":"text","text":"' + raw + b'"}]}}'


def with_member(member):
    """A valid entry with one more member (raw JSON `"key":value`)."""
    return b'{' + ENVELOPE + b',' + member + b',"message":{"role":"user","content":"hi"}}'


def entry(fields):
    return b'{' + fields + b'}'


cases = {}


def n(name, data):
    assert b'\n' not in data, name
    assert 'n_' + name not in cases, name
    cases['n_' + name] = data


def y(name, data):
    assert b'\n' not in data, name
    cases['y_' + name] = data


# Truncated at every byte: a line cut anywhere is not an entry.
for k in range(1, len(VALID)):
    n('truncated_at_%03d' % k, VALID[:k])

# Malformed JSON of every kind.
malformed = {
    'trailing_comma_object': VALID[:-1] + b',}',
    'trailing_comma_array': with_member(b'"x":[1,2,]'),
    'missing_comma': b'{"type":"message" "seq":1}',
    'missing_colon': b'{"type" "message","seq":1,"id":"e1"}',
    'double_colon': b'{"type"::"message","seq":1,"id":"e1"}',
    'single_quotes_key': b"{'type':\"title\",\"seq\":1,\"id\":\"e1\",\"title\":\"t\"}",
    'single_quotes_value': b"{\"type\":'title',\"seq\":1,\"id\":\"e1\",\"title\":\"t\"}",
    'unquoted_key': b'{type:"title","seq":1,"id":"e1","title":"t"}',
    'unquoted_value': b'{"type":title,"seq":1,"id":"e1","title":"t"}',
    'line_comment': VALID + b' // comment',
    'block_comment': b'{/* c */' + VALID[1:],
    'nan': with_member(b'"x":NaN'),
    'infinity': with_member(b'"x":Infinity'),
    'minus_infinity': with_member(b'"x":-Infinity'),
    'leading_zero': with_member(b'"x":012'),
    'hex_number': with_member(b'"x":0x1F'),
    'plus_number': with_member(b'"x":+1'),
    'dot_number': with_member(b'"x":.5'),
    'number_trailing_dot': with_member(b'"x":1.'),
    'number_bare_exponent': with_member(b'"x":1e'),
    'number_exponent_sign_only': with_member(b'"x":1e+'),
    'minus_alone': with_member(b'"x":-'),
    'true_misspelled': with_member(b'"x":tru'),
    'false_capital': with_member(b'"x":False'),
    'null_capital': with_member(b'"x":NULL'),
    'undefined': with_member(b'"x":undefined'),
    'unclosed_array': with_member(b'"x":[1,2'),
    'unclosed_string_value': with_member(b'"x":"abc'),
    'mismatched_brackets': with_member(b'"x":[1}'),
    'extra_close': VALID + b'}',
    'two_objects': VALID + VALID,
    'garbage_after': VALID + b' x',
    'comma_after': VALID + b',',
    'invalid_escape_x': with_text(b'\\x41'),
    'invalid_escape_a': with_text(b'\\a'),
    'invalid_escape_0': with_text(b'\\0'),
    'invalid_escape_capital_u': with_text(b'\\U0041'),
    'short_unicode_escape': with_text(b'\\u12'),
    'non_hex_unicode_escape': with_text(b'\\u12G4'),
    'escape_at_end': with_text(b'\\'),
    'key_not_string': b'{1:"title","seq":1,"id":"e1"}',
    'key_null': b'{null:"x","type":"title","seq":1,"id":"e1"}',
    'empty_key_only': b'{"":}',
    'object_no_braces': b'"type":"title","seq":1,"id":"e1"',
    'bom_before_line': b'\xef\xbb\xbf' + VALID,
    'utf16_bom_before_line': b'\xff\xfe' + VALID,
    'root_array': b'[' + VALID + b']',
    'root_string': b'"an entry"',
    'root_number': b'42',
    'root_true': b'true',
    'root_null': b'null',
    'root_empty_object': b'{}',
    'whitespace_only': b'   \t ',
    'empty_line': b'',
    'carriage_return_only': b'\r',
    'nul_only': b'\x00',
    'nul_before_line': b'\x00' + VALID,
    'nul_after_line': VALID + b'\x00',
    'nul_inside_number': with_member(b'"x":1\x002'),
    'nuls': b'\x00' * 64,
    'binary': bytes(range(128, 256)),
    'deep_array_100000': with_member(b'"x":' + b'[' * 100000 + b']' * 100000),
    'deep_object_100000': with_member(b'"x":' + b'{"a":' * 100000 + b'1' + b'}' * 100000),
    'deep_unclosed_100000': with_member(b'"x":' + b'[' * 100000),
    'deep_array_65': with_member(b'"x":' + b'[' * 65 + b']' * 65),
    'deep_content_65': b'{' + ENVELOPE + b',"message":{"role":"user","content":[{"type":"tool_result","content":' + b'[' * 65 + b']' * 65 + b'}]}}',
}
for name, data in malformed.items():
    n(name, data)

# Strings: every control character raw, invalid UTF-8, lone surrogates.
for c in range(0x20):
    if c == 0x0a:
        continue  # a raw newline ends the line: see the whole-file cases
    n('raw_control_char_%02x' % c, with_text(b'a' + bytes([c]) + b'b'))
invalid_utf8 = {
    'lone_continuation': b'\x80',
    'lone_ff': b'\xff',
    'lone_fe': b'\xfe',
    'overlong_slash': b'\xc0\xaf',
    'overlong_nul': b'\xc0\x80',
    'overlong_three_byte': b'\xe0\x80\xaf',
    'overlong_four_byte': b'\xf0\x80\x80\xaf',
    'truncated_two_byte': b'\xc3',
    'truncated_three_byte': b'\xe2\x82',
    'truncated_four_byte': b'\xf0\x9f\x98',
    'surrogate_encoded_high': b'\xed\xa0\x80',
    'surrogate_encoded_low': b'\xed\xb0\x80',
    'above_max_code_point': b'\xf4\x90\x80\x80',
    'five_byte_form': b'\xf8\x88\x80\x80\x80',
    'six_byte_form': b'\xfc\x84\x80\x80\x80\x80',
    'continuation_missing_mid': b'\xe2\x28\xa1',
    'latin1_e_acute': b'caf\xe9',
    'cesu8_emoji': b'\xed\xa0\xbd\xed\xb8\x80',
}
for name, raw in invalid_utf8.items():
    n('invalid_utf8_in_text_' + name, with_text(raw))
    n('invalid_utf8_in_key_' + name, with_member(b'"k' + raw + b'":1'))
for name, esc in {
    'high': b'\\ud800', 'low': b'\\udc00', 'high_then_letter': b'\\ud800\\u0041', 'two_highs': b'\\ud800\\ud800',
    'low_then_high': b'\\udc00\\ud800', 'high_at_end': b'abc\\udbff',
}.items():
    # Read as U+FFFD (format/lone_surrogates.h): JavaScript writes them.
    y('lone_surrogate_' + name, with_text(esc))
# A key is its key however escaped.
y('escaped_key_type', b'{"t\\u0079pe":"message","seq":1,"id":"e1","parent":null,"ts":"2026-01-01T00:00:00Z",'
  b'"message":{"role":"user","content":[{"\\u0074ype":"text","text":"hi"}]}}')
y('escaped_unknown_key', with_member(b'"\\u0041bc":1'))
n('escaped_key_twice', b'{"type":"message","t\\u0079pe":"message","seq":1,"id":"e1","message":{"role":"user","content":"hi"}}')

# Known fields of the wrong type or value.
wrong = {
    'seq_string': b'"type":"title","seq":"1","id":"e1","title":"t"',
    'seq_negative': b'"type":"title","seq":-1,"id":"e1","title":"t"',
    'seq_float': b'"type":"title","seq":1.5,"id":"e1","title":"t"',
    'seq_too_big': b'"type":"title","seq":18446744073709551616,"id":"e1","title":"t"',
    'seq_null': b'"type":"title","seq":null,"id":"e1","title":"t"',
    'seq_missing': b'"type":"title","id":"e1","title":"t"',
    'id_number': b'"type":"title","seq":1,"id":1,"title":"t"',
    'id_null': b'"type":"title","seq":1,"id":null,"title":"t"',
    'id_empty': b'"type":"title","seq":1,"id":"","title":"t"',
    'id_missing': b'"type":"title","seq":1,"title":"t"',
    'type_number': b'"type":1,"seq":1,"id":"e1"',
    'type_null': b'"type":null,"seq":1,"id":"e1"',
    'type_empty': b'"type":"","seq":1,"id":"e1"',
    'type_missing': b'"seq":1,"id":"e1","title":"t"',
    'type_session_again': b'"type":"session","version":"1.0","id":"x","created":"2026-01-01T00:00:00Z"',
    'parent_number': b'"type":"title","seq":1,"id":"e1","parent":7,"title":"t"',
    'parent_object': b'"type":"title","seq":1,"id":"e1","parent":{},"title":"t"',
    'ts_number': b'"type":"title","seq":1,"id":"e1","ts":1700000000,"title":"t"',
    'ts_not_a_time': b'"type":"title","seq":1,"id":"e1","ts":"noon","title":"t"',
    'ts_month_13': b'"type":"title","seq":1,"id":"e1","ts":"2026-13-01T00:00:00Z","title":"t"',
    'title_number': b'"type":"title","seq":1,"id":"e1","title":5',
    'message_string': ENVELOPE + b',"message":"hi"',
    'message_array': ENVELOPE + b',"message":[]',
    'message_missing': ENVELOPE,
    'message_no_role': ENVELOPE + b',"message":{"content":"hi"}',
    'message_role_number': ENVELOPE + b',"message":{"role":1,"content":"hi"}',
    'message_role_empty': ENVELOPE + b',"message":{"role":"","content":"hi"}',
    'content_number': ENVELOPE + b',"message":{"role":"user","content":1}',
    'content_object': ENVELOPE + b',"message":{"role":"user","content":{}}',
    'block_not_object': ENVELOPE + b',"message":{"role":"user","content":["hi"]}',
    'block_type_missing': ENVELOPE + b',"message":{"role":"user","content":[{"text":"hi"}]}',
    'block_type_number': ENVELOPE + b',"message":{"role":"user","content":[{"type":3}]}',
    'text_number': ENVELOPE + b',"message":{"role":"user","content":[{"type":"text","text":3}]}',
    'tool_call_name_number': ENVELOPE + b',"message":{"role":"assistant","content":[{"type":"tool_call","id":"c","name":1,"arguments":{}}]}',
    'usage_string_tokens': b'"type":"usage","seq":1,"id":"e1","usage":{"input":"ten"}',
    'usage_negative_float_cost': b'"type":"usage","seq":1,"id":"e1","usage":{"cost_usd":"free"}',
    'usage_not_object': b'"type":"usage","seq":1,"id":"e1","usage":[]',
    'compaction_tokens_string': b'"type":"compaction","seq":1,"id":"e1","summary":"s","tokens_before":"many"',
    'label_target_number': b'"type":"label","seq":1,"id":"e1","target":1,"label":"x"',
}
for name, fields in wrong.items():
    n('wrong_' + name, entry(fields))

# Duplicate keys: a known field twice is ambiguous; unknown ones are kept.
for key, value in [(b'seq', b'2'), (b'id', b'"e2"'), (b'type', b'"title"'), (b'parent', b'"p"'),
                   (b'ts', b'"2026-01-02T00:00:00Z"'), (b'message', b'{"role":"assistant","content":"x"}')]:
    n('duplicate_' + key.decode(), VALID[:-1] + b',"' + key + b'":' + value + b'}')
n('duplicate_role', b'{' + ENVELOPE + b',"message":{"role":"user","role":"assistant","content":"hi"}}')

# Odd but valid.
valid = {
    'plain': VALID,
    'unknown_member_twice': with_member(b'"x":1,"x":2'),
    'unknown_record_type': entry(b'"type":"tool_state","seq":1,"id":"e1","state":{"a":[1,2,{"b":null}]}'),
    'unknown_block_type': ENVELOPE.join([b'{', b',"message":{"role":"user","content":[{"type":"audio","data":"AAAA"}]}}']),
    'all_escapes': with_text(b'\\" \\\\ \\/ \\b \\f \\n \\r \\t'),
    'unicode_escapes': with_text(b'\\u00e9\\u4e2d\\ud83d\\ude00'),
    'raw_utf8': with_text('café 中文 😀 ℝ'.encode()),
    'nul_escaped': with_text(b'a\\u0000b'),
    'del_raw': with_text(b'a\x7fb'),
    'max_code_point': with_text(b'\xf4\x8f\xbf\xbf'),
    'whitespace_everywhere': b' { "type" : "title" , "seq" : 1 , "id" : "e1" , "title" : "t" } ',
    'tabs_between_tokens': b'{\t"type":\t"title",\t"seq":1,"id":"e1","title":"t"}',
    'carriage_return_at_end': VALID + b'\r',
    'big_numbers_in_unknown': with_member(b'"x":[1e308,-1e-308,123456789012345678901234567890,0.0,-0]'),
    'deep_array_60': with_member(b'"x":' + b'[' * 60 + b']' * 60),
    'empty_content': ENVELOPE.join([b'{', b',"message":{"role":"user","content":[]}}']),
    'string_content': ENVELOPE.join([b'{', b',"message":{"role":"user","content":"hi"}}']),
    'empty_text': with_text(b''),
    'long_id': entry(b'"type":"title","seq":1,"id":"' + b'e' * 1000 + b'","title":"t"'),
    'unknown_top_level_objects': with_member(b'"meta":{"a":{"b":{"c":[true,false,null]}}}'),
    'custom_role': ENVELOPE.join([b'{', b',"message":{"role":"critic","content":"hi"}}']),
    'title_empty': entry(b'"type":"title","seq":1,"id":"e1","title":""'),
    'label_clear': entry(b'"type":"label","seq":1,"id":"e1","target":"e0","label":""'),
}
for name, data in valid.items():
    y(name, data)

# Header lines.
headers = {
    'entry_first': VALID,
    'not_json': b'session v1',
    'array': b'[{"type":"session"}]',
    'type_missing': b'{"version":"1.0","id":"s","created":"2026-01-01T00:00:00Z"}',
    'type_wrong': b'{"type":"sessions","version":"1.0","id":"s","created":"2026-01-01T00:00:00Z"}',
    'version_missing': b'{"type":"session","id":"s","created":"2026-01-01T00:00:00Z"}',
    'version_garbage': b'{"type":"session","version":"one","id":"s","created":"2026-01-01T00:00:00Z"}',
    'version_number': b'{"type":"session","version":1,"id":"s","created":"2026-01-01T00:00:00Z"}',
    'version_newer_major': b'{"type":"session","version":"2.0","id":"s","created":"2026-01-01T00:00:00Z"}',
    'version_far_future': b'{"type":"session","version":"99.1","id":"s","created":"2026-01-01T00:00:00Z"}',
    'id_traversal': b'{"type":"session","version":"1.0","id":"../x","created":"2026-01-01T00:00:00Z"}',
    'id_missing': b'{"type":"session","version":"1.0","created":"2026-01-01T00:00:00Z"}',
    'created_bad': b'{"type":"session","version":"1.0","id":"s","created":"yesterday"}',
    'truncated': b'{"type":"session","version":"1.0","id":"s","crea',
    'nuls': b'\x00' * 128,
    'empty': b'',
    'bom': b'\xef\xbb\xbf{"type":"session","version":"1.0","id":"s","created":"2026-01-01T00:00:00Z"}',
    'deep': b'{"type":"session","version":"1.0","id":"s","created":"2026-01-01T00:00:00Z","x":' + b'[' * 100000 + b']' * 100000 + b'}',
}

for sub, items in (('lines', cases), ('headers', {'n_' + k: v for k, v in headers.items()})):
    d = os.path.join(HERE, sub)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for name, data in sorted(items.items()):
        with open(os.path.join(d, name), 'wb') as f:
            f.write(data)
print('%d line cases, %d header cases' % (len(cases), len(headers)))
