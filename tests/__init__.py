import pytest

# Helper plugin imported by test modules: let pytest rewrite its asserts and
# avoid "Module already imported so cannot be rewritten".
pytest.register_assert_rewrite("tests.kafka_broker")
