"""yaml_subset reads what it claims to, and rejects the rest by line."""

import unittest

from deploy import yaml_subset


class ParseTest(unittest.TestCase):
    def test_mappings_sequences_and_scalars(self):
        text = (
            "---\n"
            "# a comment\n"
            "apiVersion: v1\n"
            "count: 3\n"
            "negative: -4\n"
            "on_off: true\n"
            "nothing: null\n"
            "image: busybox:1.36\n"
            "quoted: \"86400\"\n"
            "single: 'it''s'\n"
            "url: https://example.org/a#b\n"
            "meta:\n"
            "  k8s.v1.cni.cncf.io/networks: x\n"
            "\n"
            "  nested:\n"
            "    deeper: why\n"
            "list:\n"
            "  - a\n"
            "  - -c\n"
            "  - name: one\n"
            "    value: 1\n"
            "  - name: two\n"
            "    items:\n"
            "      - z\n"
        )
        self.assertEqual(
            yaml_subset.parse(text),
            {
                "apiVersion": "v1",
                "count": 3,
                "negative": -4,
                "on_off": True,
                "nothing": None,
                "image": "busybox:1.36",
                "quoted": "86400",
                "single": "it's",
                "url": "https://example.org/a#b",
                "meta": {"k8s.v1.cni.cncf.io/networks": "x", "nested": {"deeper": "why"}},
                "list": ["a", "-c", {"name": "one", "value": 1},
                         {"name": "two", "items": ["z"]}],
            },
        )

    def test_literal_block_scalars(self):
        text = (
            "config: |\n"
            "  {\n"
            "    \"a\": 1\n"
            "\n"
            "  }\n"
            "\n"
            "strip: |-\n"
            "  x\n"
            "list:\n"
            "  - |\n"
            "    set -eu\n"
            "    echo # not a comment in a block\n"
            "  - after\n"
        )
        self.assertEqual(
            yaml_subset.parse(text),
            {
                "config": "{\n  \"a\": 1\n\n}\n",
                "strip": "x",
                "list": ["set -eu\necho # not a comment in a block\n", "after"],
            },
        )

    def test_docstring_example(self):
        self.assertEqual(yaml_subset.parse("a:\n  - b: 1\n    c: |\n      {}\n"),
                         {"a": [{"b": 1, "c": "{}\n"}]})

    def test_rejects_what_it_does_not_read(self):
        cases = {
            "flow mapping": ("a: {b: 1}\n", 1),
            "flow sequence": ("a: [1, 2]\n", 1),
            "anchor": ("a: &x 1\n", 1),
            "alias": ("a: *x\n", 1),
            "tag": ("a: !!str 1\n", 1),
            "folded scalar": ("a: >\n  text\n", 1),
            "keep chomping": ("a: |+\n  text\n", 1),
            "indentation indicator": ("a: |2\n  text\n", 1),
            "comment after a value": ("a: b # c\n", 1),
            "colon space in a plain scalar": ("a: b: c\n", 1),
            "yes": ("a: yes\n", 1),
            "Off": ("a: Off\n", 1),
            "True": ("a: True\n", 1),
            "octal-looking": ("mode: 0755\n", 1),
            "float": ("a: 1.5\n", 1),
            "exponent": ("a: 1e3\n", 1),
            "sexagesimal": ("a: 1:20\n", 1),
            "inf": ("a: .inf\n", 1),
            "hex": ("a: 0x1f\n", 1),
            "escape": ("a: \"x\\ny\"\n", 1),
            "unterminated quote": ("a: \"x\n", 1),
            "duplicate key": ("a: 1\nb: 2\na: 3\n", 3),
            "quoted key": ("\"a\": 1\n", 1),
            "tab indentation": ("a:\n\tb: 1\n", 2),
            "trailing space": ("a: 1 \n", 1),
            "second document": ("a: 1\n---\nb: 2\n", 2),
            "bad indentation": ("a:\n  b: 1\n   c: 2\n", 3),
            "value and nested block": ("a: 1\n  b: 2\n", 2),
            "no value": ("a:\nb: 1\n", 2),
            "sequence at the key's indentation": ("a:\n- 1\n", 2),
            "empty item": ("a:\n  -\n", 2),
            "nested sequence": ("a:\n  - - 1\n", 2),
            "mapping then sequence": ("a:\n  b: 1\n  - 2\n", 3),
            "empty block scalar": ("a: |\nb: 1\n", 2),
            "dedented block line": ("a: |\n    x\n  y\n", 3),
            "empty document": ("# only a comment\n", 2),
            "carriage return": ("a: 1\r\n", 1),
        }
        for name, (text, line) in cases.items():
            with self.subTest(name):
                with self.assertRaises(yaml_subset.YamlSubsetError) as caught:
                    yaml_subset.parse(text)
                self.assertEqual(caught.exception.line, line, str(caught.exception))


if __name__ == "__main__":
    unittest.main()
