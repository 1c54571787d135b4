import assert from "node:assert/strict";
import fc from "fast-check";
import { RecipeError, recipes } from "../../sdk/core";

function rejects(build: () => unknown, fields: string[]) {
  assert.throws(build, (e: unknown) => {
    assert.ok(e instanceof RecipeError, String(e));
    assert.deepEqual(
      e.problems.map((p) => p.field),
      fields,
    );
    return true;
  });
}

describe("core/recipes: exact commands", () => {
  it("linux.tarGz extracts with tar -C and removes the folder", () => {
    assert.deepEqual(
      recipes.linux.tarGz({
        appName: "go_linux",
        installDir: "/usr/local",
        removeDir: "/usr/local/go",
        sudo: true,
      }),
      {
        install: "sudo mkdir -p /usr/local && sudo tar -C /usr/local -xzf go_linux",
        remove: "sudo rm -rf /usr/local/go",
      },
    );
  });

  it("linux.tarGz uses packageFileName and quotes spaces", () => {
    assert.deepEqual(
      recipes.linux.tarGz({
        appName: "tool",
        installDir: "/opt/my tool",
        packageFileName: "tool.tar.gz",
      }),
      {
        install: "mkdir -p '/opt/my tool' && tar -C '/opt/my tool' -xzf tool.tar.gz",
        remove: "rm -rf '/opt/my tool'",
      },
    );
  });

  it("linux.deb installs with dpkg, fixes dependencies with apt, removes with apt remove", () => {
    assert.deepEqual(recipes.linux.deb({ appName: "pwsh", packageName: "powershell" }), {
      install: "dpkg -i pwsh || apt --fix-broken install -y",
      remove: "apt remove -y powershell",
    });
    assert.deepEqual(
      recipes.linux.deb({
        appName: "pwsh",
        packageName: "powershell",
        packageFileName: "powershell_7.4.deb",
        sudo: true,
      }),
      {
        install: "sudo dpkg -i powershell_7.4.deb || sudo apt --fix-broken install -y",
        remove: "sudo apt remove -y powershell",
      },
    );
  });

  it("windows.exe renames the download, then runs it silently", () => {
    assert.deepEqual(
      recipes.windows.exe({
        appName: "myApp",
        uninstaller: "C:\\Program Files\\myApp\\uninstall\\helper.exe",
      }),
      {
        install: "move .\\myApp .\\myApp.exe & myApp.exe /S",
        remove: '"C:\\Program Files\\myApp\\uninstall\\helper.exe" /S',
      },
    );
  });

  it("windows.exe with packageFileName needs no rename", () => {
    assert.deepEqual(
      recipes.windows.exe({
        appName: "myApp",
        packageFileName: "MyApp.exe",
        silentArgs: "/VERYSILENT /NORESTART",
        uninstaller: "%ProgramFiles%\\myApp\\unins000.exe",
        uninstallArgs: "/VERYSILENT",
      }),
      {
        install: "MyApp.exe /VERYSILENT /NORESTART",
        remove: '"%ProgramFiles%\\myApp\\unins000.exe" /VERYSILENT',
      },
    );
  });

  it("windows.msi waits for msiexec and passes its exit code on", () => {
    assert.deepEqual(recipes.windows.msi({ appName: "myapp" }), {
      install:
        "start /wait %windir%\\system32\\msiexec.exe /i myapp /quiet /norestart /log myapp_install.log\nif %errorlevel% neq 0 exit /b %errorlevel%",
      remove:
        "start /wait %windir%\\system32\\msiexec.exe /x myapp /quiet /norestart /log myapp_uninstall.log\nif %errorlevel% neq 0 exit /b %errorlevel%",
    });
  });

  it("windows.msi: seed's /forcerestart, a product code, and packageFileName", () => {
    assert.deepEqual(
      recipes.windows.msi({
        appName: "myapp",
        packageFileName: "myapp.msi",
        restart: "always",
        productCode: "{12345678-1234-1234-1234-123456789ABC}",
      }),
      {
        install:
          "start /wait %windir%\\system32\\msiexec.exe /i myapp.msi /quiet /forcerestart /log myapp_install.log\nif %errorlevel% neq 0 exit /b %errorlevel%",
        remove:
          "start /wait %windir%\\system32\\msiexec.exe /x {12345678-1234-1234-1234-123456789ABC} /quiet /forcerestart /log myapp_uninstall.log\nif %errorlevel% neq 0 exit /b %errorlevel%",
      },
    );
    assert.match(
      recipes.windows.msi({ appName: "a", restart: "ifRequired" }).install,
      /\/quiet \/log/,
    );
  });

  it("windows.zip renames, creates the folder when missing and expands with Expand-Archive -Force", () => {
    assert.deepEqual(recipes.windows.zip({ appName: "myapp", installDir: "C:\\myapp" }), {
      install:
        "rename myapp myapp.zip && (if not exist C:\\myapp mkdir C:\\myapp) && powershell.exe -Command \"Expand-Archive -Force -path 'myapp.zip' -destinationpath 'C:\\myapp'\"",
      remove: "if exist C:\\myapp rmdir /S /Q C:\\myapp",
    });
  });

  it("windows.zip with packageFileName and a folder with spaces", () => {
    assert.deepEqual(
      recipes.windows.zip({
        appName: "myapp",
        installDir: "%ProgramFiles%\\My App",
        packageFileName: "myapp.zip",
      }),
      {
        install:
          '(if not exist "%ProgramFiles%\\My App" mkdir "%ProgramFiles%\\My App") && powershell.exe -Command "Expand-Archive -Force -path \'myapp.zip\' -destinationpath \'%ProgramFiles%\\My App\'"',
        remove: 'if exist "%ProgramFiles%\\My App" rmdir /S /Q "%ProgramFiles%\\My App"',
      },
    );
  });
  it("windows.zip single-quotes a packageFileName with a space inside -Command", () => {
    assert.deepEqual(
      recipes.windows.zip({
        appName: "myapp",
        installDir: "C:\\myapp",
        packageFileName: "my app.zip",
      }).install,
      "(if not exist C:\\myapp mkdir C:\\myapp) && powershell.exe -Command \"Expand-Archive -Force -path 'my app.zip' -destinationpath 'C:\\myapp'\"",
    );
  });

  it("windows.zip double-quotes cmd paths holding %, a comma or a semicolon", () => {
    assert.deepEqual(
      recipes.windows.zip({ appName: "myapp", installDir: "%ProgramFiles%\\myapp" }),
      {
        install:
          'rename myapp myapp.zip && (if not exist "%ProgramFiles%\\myapp" mkdir "%ProgramFiles%\\myapp") && powershell.exe -Command "Expand-Archive -Force -path \'myapp.zip\' -destinationpath \'%ProgramFiles%\\myapp\'"',
        remove: 'if exist "%ProgramFiles%\\myapp" rmdir /S /Q "%ProgramFiles%\\myapp"',
      },
    );
    assert.equal(
      recipes.windows.zip({ appName: "a", installDir: "C:\\a,b" }).remove,
      'if exist "C:\\a,b" rmdir /S /Q "C:\\a,b"',
    );
    assert.equal(
      recipes.windows.zip({ appName: "a", installDir: "%ProgramFiles(x86)%\\a" }).remove,
      'if exist "%ProgramFiles(x86)%\\a" rmdir /S /Q "%ProgramFiles(x86)%\\a"',
    );
    assert.match(
      recipes.windows.msi({ appName: "a", packageFileName: "a;b.msi" }).install,
      / \/i "a;b\.msi" /,
    );
    assert.match(
      recipes.windows.exe({ appName: "a", packageFileName: "a=b.exe", uninstaller: "C:\\u.exe" })
        .install,
      /^"a=b\.exe" \/S$/,
    );
  });
});

describe("core/recipes: values that would break the command", () => {
  const uninstaller = "C:\\app\\uninstall.exe";
  const rows: Array<[string, () => unknown, string[]]> = [
    [
      "appName with a space",
      () => recipes.linux.deb({ appName: "my app", packageName: "x1" }),
      ["appName"],
    ],
    ["appName with a quote", () => recipes.windows.msi({ appName: 'a"b' }), ["appName"]],
    [
      "bash installDir with ;",
      () => recipes.linux.tarGz({ appName: "a", installDir: "/opt/a;rm -rf /" }),
      ["installDir"],
    ],
    [
      "bash installDir with $",
      () => recipes.linux.tarGz({ appName: "a", installDir: "/opt/$HOME" }),
      ["installDir"],
    ],
    [
      "bash installDir with a newline",
      () => recipes.linux.tarGz({ appName: "a", installDir: "/opt/a\nb" }),
      ["installDir"],
    ],
    [
      "bash installDir with a quote",
      () => recipes.linux.tarGz({ appName: "a", installDir: "/opt/it's" }),
      ["installDir"],
    ],
    [
      "bash installDir relative",
      () => recipes.linux.tarGz({ appName: "a", installDir: "opt/a" }),
      ["installDir"],
    ],
    [
      "tarGz removing /usr/local",
      () => recipes.linux.tarGz({ appName: "go", installDir: "/usr/local" }),
      ["installDir"],
    ],
    [
      "tarGz removeDir a system folder",
      () => recipes.linux.tarGz({ appName: "go", installDir: "/opt/go", removeDir: "/opt/" }),
      ["removeDir"],
    ],
    [
      "deb packageName with a space",
      () => recipes.linux.deb({ appName: "a", packageName: "power shell" }),
      ["packageName"],
    ],
    [
      "deb packageFileName with |",
      () => recipes.linux.deb({ appName: "a", packageName: "ab", packageFileName: "a|b.deb" }),
      ["packageFileName"],
    ],
    [
      "packageFileName a path",
      () => recipes.linux.deb({ appName: "a", packageName: "ab", packageFileName: "/tmp/a.deb" }),
      ["packageFileName"],
    ],
    [
      "exe silentArgs with &",
      () => recipes.windows.exe({ appName: "a", silentArgs: "/S & del *", uninstaller }),
      ["silentArgs"],
    ],
    [
      "exe silentArgs with a quote",
      () => recipes.windows.exe({ appName: "a", silentArgs: '/D="C:\\x"', uninstaller }),
      ["silentArgs"],
    ],
    [
      "exe uninstallArgs with |",
      () => recipes.windows.exe({ appName: "a", uninstaller, uninstallArgs: "/S | x" }),
      ["uninstallArgs"],
    ],
    [
      "exe uninstaller with ^",
      () => recipes.windows.exe({ appName: "a", uninstaller: "C:\\a^b.exe" }),
      ["uninstaller"],
    ],
    [
      "exe uninstaller with a lone %",
      () => recipes.windows.exe({ appName: "a", uninstaller: "C:\\100%\\u.exe" }),
      ["uninstaller"],
    ],
    [
      "exe packageFileName without .exe",
      () => recipes.windows.exe({ appName: "a", packageFileName: "a.msi", uninstaller }),
      ["packageFileName"],
    ],
    [
      "msi productCode not a GUID",
      () => recipes.windows.msi({ appName: "a", productCode: "12345" }),
      ["productCode"],
    ],
    [
      "msi restart not a choice",
      () => recipes.windows.msi({ appName: "a", restart: "later" as "never" }),
      ["restart"],
    ],
    [
      "msi packageFileName with <",
      () => recipes.windows.msi({ appName: "a", packageFileName: "a<b.msi" }),
      ["packageFileName"],
    ],
    [
      "zip installDir with >",
      () => recipes.windows.zip({ appName: "a", installDir: "C:\\a>b" }),
      ["installDir"],
    ],
    [
      "zip installDir with '",
      () => recipes.windows.zip({ appName: "a", installDir: "C:\\it's" }),
      ["installDir"],
    ],
    [
      "zip installDir relative",
      () => recipes.windows.zip({ appName: "a", installDir: "myapp" }),
      ["installDir"],
    ],
    [
      "zip removing C:\\Program Files",
      () => recipes.windows.zip({ appName: "a", installDir: "C:\\Program Files\\" }),
      ["installDir"],
    ],
    [
      "zip packageFileName without .zip",
      () => recipes.windows.zip({ appName: "a", installDir: "C:\\a", packageFileName: "a.tar" }),
      ["packageFileName"],
    ],
    [
      "zip installDir running a second PowerShell command after ;",
      () => recipes.windows.zip({ appName: "myapp", installDir: "C:\\x;Restart-Computer" }),
      ["installDir"],
    ],
    [
      "zip installDir with a $( ) subexpression",
      () => recipes.windows.zip({ appName: "myapp", installDir: "C:\\x$(Stop-Computer)" }),
      ["installDir"],
    ],
    [
      "zip packageFileName with a $( ) subexpression",
      () =>
        recipes.windows.zip({ appName: "a", installDir: "C:\\a", packageFileName: "a$(calc).zip" }),
      ["packageFileName"],
    ],
    [
      "zip installDir with a backtick",
      () => recipes.windows.zip({ appName: "a", installDir: "C:\\a`nb" }),
      ["installDir"],
    ],
    [
      "zip installDir with braces",
      () => recipes.windows.zip({ appName: "a", installDir: "C:\\a{b}" }),
      ["installDir"],
    ],
    [
      "zip installDir with a wildcard bracket",
      () => recipes.windows.zip({ appName: "a", installDir: "C:\\a[1]" }),
      ["installDir"],
    ],
    [
      "zip installDir with a typographic quote",
      () => recipes.windows.zip({ appName: "a", installDir: "C:\\it\u2019s" }),
      ["installDir"],
    ],
    [
      "zip installDir with literal parentheses (write %ProgramFiles(x86)%)",
      () => recipes.windows.zip({ appName: "a", installDir: "C:\\Program Files (x86)\\a" }),
      ["installDir"],
    ],
    [
      "zip packageFileName with ' (ends the PowerShell string)",
      () => recipes.windows.zip({ appName: "a", installDir: "C:\\a", packageFileName: "it's.zip" }),
      ["packageFileName"],
    ],
    [
      "zip packageFileName with a %variable% cmd would expand",
      () =>
        recipes.windows.zip({ appName: "a", installDir: "C:\\a", packageFileName: "%TEMP%.zip" }),
      ["packageFileName"],
    ],
    [
      "msi packageFileName with a %variable% cmd would expand",
      () => recipes.windows.msi({ appName: "a", packageFileName: "%windir%.msi" }),
      ["packageFileName"],
    ],
    [
      'msi restart "toString" (inherited, not a choice)',
      () => recipes.windows.msi({ appName: "a", restart: "toString" as "never" }),
      ["restart"],
    ],
    [
      'msi restart "__proto__"',
      () => recipes.windows.msi({ appName: "a", restart: "__proto__" as "never" }),
      ["restart"],
    ],
    [
      "tarGz installDir with ..",
      () => recipes.linux.tarGz({ appName: "a", installDir: "/opt/go/../../usr" }),
      ["installDir"],
    ],
    [
      "tarGz removeDir with ..",
      () => recipes.linux.tarGz({ appName: "a", installDir: "/opt/a", removeDir: "/opt/a/../.." }),
      ["removeDir"],
    ],
    [
      "zip installDir with ..",
      () => recipes.windows.zip({ appName: "a", installDir: "C:\\myapp\\..\\Windows" }),
      ["installDir"],
    ],
    [
      "zip installDir with an unknown variable",
      () => recipes.windows.zip({ appName: "a", installDir: "%MYROOT%\\a" }),
      ["installDir"],
    ],
    [
      "zip installDir with an 8.3 short name",
      () => recipes.windows.zip({ appName: "a", installDir: "C:\\PROGRA~1" }),
      ["installDir"],
    ],
    [
      "zip installDir with a stream colon",
      () => recipes.windows.zip({ appName: "a", installDir: "C:\\a:b" }),
      ["installDir"],
    ],
    [
      "every problem at once",
      () => recipes.windows.exe({ appName: "a b", silentArgs: "&", uninstaller: '"' }),
      ["appName", "silentArgs", "uninstaller"],
    ],
    [
      "install longer than 4096 characters",
      () => recipes.linux.tarGz({ appName: "a", installDir: `/opt/${"d".repeat(2100)}` }),
      ["install"],
    ],
  ];
  for (const [rule, build, fields] of rows) {
    it(`${rule} → ${fields.join(", ")}`, () => rejects(build, fields));
  }
});

describe("core/recipes: the remove command never deletes a system folder", () => {
  const linuxRefused: Array<[string, string]> = [
    ["/./usr", "/usr"],
    ["//usr//", "/usr"],
    ["/usr/./local/", "/usr/local"],
    ["/", "/"],
    ["/opt", "/opt"],
    ["/home", "/home"],
    ["/home/alice", "/home/alice"],
    ["/var", "/var"],
    ["/bin", "/bin"],
    ["/etc/ssh", "/etc"],
    ["/usr/bin/myapp", "/usr/bin"],
    ["/boot/efi", "/boot"],
  ];
  for (const [removeDir, folder] of linuxRefused) {
    it(`linux removeDir ${removeDir} → refused as ${folder}`, () => {
      assert.throws(
        () => recipes.linux.tarGz({ appName: "a", installDir: "/opt/a", removeDir }),
        (e: unknown) => {
          assert.ok(e instanceof RecipeError);
          assert.deepEqual(
            e.problems.map((p) => p.field),
            ["removeDir"],
          );
          assert.match(e.problems[0]?.message ?? "", /system folder/);
          assert.ok(e.problems[0]?.message.includes(folder), e.message);
          return true;
        },
      );
    });
  }

  const windowsRefused = [
    "C:\\Windows\\System32",
    "c:/windows/temp/myapp",
    "C:\\\\Windows\\\\",
    "C:\\Windows.\\myapp",
    "C:\\Windows \\myapp",
    "C:\\.\\Windows",
    "%SystemRoot%\\myapp",
    "%windir%",
    "%SystemDrive%\\Windows\\myapp",
    "%USERPROFILE%\\myapp",
    "%TEMP%\\myapp",
    "C:\\",
    "D:\\",
    "C:\\Program Files",
    "C:\\Program Files\\.",
    "%ProgramFiles%",
    "%ProgramFiles(x86)%\\",
    "C:\\ProgramData",
    "C:\\Users",
    "C:\\Users\\Public",
    "C:\\Users\\bob",
  ];
  for (const installDir of windowsRefused) {
    it(`windows installDir ${installDir} → refused`, () => {
      rejects(() => recipes.windows.zip({ appName: "a", installDir }), ["installDir"]);
    });
  }

  const allowed: Array<() => unknown> = [
    () =>
      recipes.linux.tarGz({ appName: "a", installDir: "/usr/local", removeDir: "/usr/local/go" }),
    () => recipes.linux.tarGz({ appName: "a", installDir: "/opt/myapp" }),
    () => recipes.linux.tarGz({ appName: "a", installDir: "/home/alice/app" }),
    () => recipes.linux.tarGz({ appName: "a", installDir: "/var/lib/myapp" }),
    () => recipes.linux.tarGz({ appName: "a", installDir: "/usr/binx" }),
    () => recipes.windows.zip({ appName: "a", installDir: "C:\\Program Files\\myapp" }),
    () => recipes.windows.zip({ appName: "a", installDir: "%ProgramFiles(x86)%\\myapp" }),
    () => recipes.windows.zip({ appName: "a", installDir: "%ProgramData%\\myapp" }),
    () => recipes.windows.zip({ appName: "a", installDir: "C:\\Windowsapps\\myapp" }),
    () => recipes.windows.zip({ appName: "a", installDir: "D:\\apps\\myapp" }),
  ];
  allowed.forEach((build, index) => {
    it(`a folder of its own is accepted (${index + 1})`, () => {
      assert.doesNotThrow(build);
    });
  });

  it("property: any spelling of a protected folder is refused", () => {
    const windowsFolder = fc.constantFrom(
      ["C:\\Windows", true],
      ["C:\\Program Files", false],
      ["C:\\Program Files (x86)", false],
      ["C:\\ProgramData", false],
      ["C:\\Users", false],
      ["C:", false],
    );
    const caseFlip = fc.array(fc.boolean(), { minLength: 40, maxLength: 40 });
    const separator = fc.constantFrom("\\", "/", "\\\\", "\\.\\", "/./");
    fc.assert(
      fc.property(
        windowsFolder,
        caseFlip,
        separator,
        fc.constantFrom("", "\\", ".", " ", "\\."),
        fc.constantFrom("", "\\myapp", "\\a\\b"),
        ([folder, subtree], flips, sep, trailing, inside) => {
          const cased = [...folder]
            .map((c, i) => (flips[i] ? c.toUpperCase() : c.toLowerCase()))
            .join("");
          const spelled = `${cased.replace(/\\/g, sep)}${subtree ? inside.replace(/\\/g, sep) : ""}`;
          const installDir =
            folder === "C:" ? `${spelled}${sep}${trailing}` : `${spelled}${trailing}`;
          assert.throws(
            () => recipes.windows.zip({ appName: "a", installDir }),
            (e: unknown) =>
              e instanceof RecipeError && e.problems.every((p) => p.field === "installDir"),
            installDir,
          );
        },
      ),
    );
    const linuxFolder = fc.constantFrom(
      ["/usr", false],
      ["/usr/local", false],
      ["/opt", false],
      ["/var", false],
      ["/home", false],
      ["/bin", true],
      ["/etc", true],
    );
    fc.assert(
      fc.property(
        linuxFolder,
        fc.constantFrom("/", "//", "/./", "/././"),
        fc.constantFrom("", "/", "/."),
        fc.constantFrom("", "/myapp", "/a/b"),
        ([folder, subtree], sep, trailing, inside) => {
          const removeDir = `${folder.replace(/\//g, sep)}${subtree ? inside : ""}${trailing}`;
          assert.throws(
            () => recipes.linux.tarGz({ appName: "a", installDir: "/opt/a", removeDir }),
            (e: unknown) => e instanceof RecipeError && e.problems[0]?.field === "removeDir",
            removeDir,
          );
        },
      ),
    );
  });
});

describe("core/recipes: property: nothing but the intended command runs", () => {
  const tricky = fc.string({
    unit: fc.constantFrom(
      ..."aZ09._-\\/: ,;=%$`'\"(){}[]*?!&|<>^#@~\u2019\n".split(""),
      "%ProgramFiles%",
      "%windir%",
      "..",
    ),
    maxLength: 12,
  });
  const cmdWord = String.raw`(?:[A-Za-z0-9._\\:-]+|"[^"]+")`;
  const psLiteral = String.raw`'[^'$\x60;(){}\[\]*?!"]+'`;
  const zipShape = new RegExp(
    String.raw`^(?:rename [\w.-]+ [\w.-]+\.zip && )?\(if not exist (${cmdWord}) mkdir \1\) && powershell\.exe -Command "Expand-Archive -Force -path ${psLiteral} -destinationpath ${psLiteral}"$`,
  );

  it("windows.zip either refuses with a RecipeError or builds exactly one mkdir and one quoted PowerShell command", () => {
    fc.assert(
      fc.property(tricky, fc.option(tricky, { nil: undefined }), (dir, fileName) => {
        const installDir = `C:\\${dir}`;
        const packageFileName = fileName === undefined ? undefined : `${fileName}.zip`;
        let actions: { install: string; remove: string };
        try {
          actions = recipes.windows.zip({ appName: "app", installDir, packageFileName });
        } catch (e) {
          assert.ok(e instanceof RecipeError, String(e));
          return;
        }
        assert.match(actions.install, zipShape);
        assert.match(actions.remove, new RegExp(`^if exist (${cmdWord}) rmdir /S /Q \\1$`));
        assert.ok(!/(^|[\\/])\.\.([\\/]|$)|[\n&|<>^]/.test(installDir), installDir);
      }),
    );
  });

  it("linux.tarGz either refuses or builds words bash reads literally", () => {
    fc.assert(
      fc.property(tricky, (dir) => {
        let actions: { install: string; remove: string };
        try {
          actions = recipes.linux.tarGz({ appName: "app", installDir: `/opt/${dir}` });
        } catch (e) {
          assert.ok(e instanceof RecipeError, String(e));
          return;
        }
        const word = `(?:[A-Za-z0-9_@%+=:,./-]+|'[A-Za-z0-9_@%+=:,./ -]+')`;
        assert.match(actions.install, new RegExp(`^mkdir -p ${word} && tar -C ${word} -xzf app$`));
        assert.match(actions.remove, new RegExp(`^rm -rf ${word}$`));
      }),
    );
  });
});
