#pragma once
// The umbrella header: everything a weft user needs.
#include "atomic.hpp"
#include "errors.hpp"
#include "trace.hpp"
#include "explore.hpp"
#include "lock.hpp"
#include "options.hpp"
#include "result.hpp"
#include "runtime.hpp"
#include "shared.hpp"
#include "thread.hpp"
#include "timeout.hpp"
